// Admin pages answer a refused form with 422 (inline field errors) and a refused action with
// 409 (the list with the reason). htmx leaves error responses unswapped by default; these carry
// the page or form to show, so swap them like a success.
document.addEventListener('htmx:beforeSwap', (event) => {
  const status = event.detail.xhr.status;
  if (status === 422 || status === 409) {
    event.detail.shouldSwap = true;
    event.detail.isError = false;
  }
});
