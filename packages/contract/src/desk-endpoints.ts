/** The desk's endpoints (docs/api.md, "The desk"), joined into ENDPOINTS. */
export const DESK_ENDPOINTS = {
  deskOverview: { method: 'GET', path: '/api/desk' },
  askQuestion: { method: 'POST', path: '/api/desk/questions' },
  myQuestions: { method: 'GET', path: '/api/desk/questions' },
  question: { method: 'GET', path: '/api/desk/questions/<questionId>' },
  changeQuestion: { method: 'PATCH', path: '/api/desk/questions/<questionId>' },
  replyToQuestion: { method: 'POST', path: '/api/desk/questions/<questionId>/messages' },
  deskKnowledge: { method: 'GET', path: '/api/desk/knowledge' },
  deskQueue: { method: 'GET', path: '/api/desk/desks/<deskId>/queue' },
  deskStaff: { method: 'PUT', path: '/api/desk/desks/<deskId>/staff' },
  addSavedAnswer: { method: 'POST', path: '/api/desk/desks/<deskId>/saved-answers' },
  removeSavedAnswer: { method: 'DELETE', path: '/api/desk/desks/<deskId>/saved-answers/<answerId>' },
  deskCatalogue: { method: 'GET', path: '/api/desk/desks/<deskId>/catalogue' },
  deskOrders: { method: 'GET', path: '/api/desk/desks/<deskId>/orders' },
  placeOrder: { method: 'POST', path: '/api/desk/orders' },
  myOrders: { method: 'GET', path: '/api/desk/orders' },
  changeOrder: { method: 'PATCH', path: '/api/desk/orders/<orderId>' },
} as const;
