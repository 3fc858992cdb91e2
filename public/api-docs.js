// Renders /api/openapi.json with the pinned Swagger UI (an external file: the page CSP allows no inline script).
window.addEventListener('DOMContentLoaded', () => {
  window.ui = window.SwaggerUIBundle({
    url: '/api/openapi.json',
    dom_id: '#swagger-ui',
    deepLinking: true,
    // Same-origin calls from "Try it out" carry the session cookie; tokens go in "Authorize".
    withCredentials: true,
  });
});
