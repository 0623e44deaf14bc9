/**
 * The one script every page loads (deferred). Pages work without it; it only adds comfort:
 * - a button or form with data-confirm asks first (the text comes from the attribute);
 * - a <select data-autosubmit> submits its form on change (filters);
 * - an element with data-poll="<url>" re-fetches a JSON {percent,label,done} and updates a
 *   <progress> inside it until done (progress bars), then follows data-done-href if set.
 */
export const WEB_JS = `'use strict';
document.addEventListener('submit', function (event) {
  var form = event.target;
  var button = event.submitter;
  var text = (button && button.getAttribute('data-confirm')) || form.getAttribute('data-confirm');
  if (text && !window.confirm(text)) event.preventDefault();
});
document.addEventListener('change', function (event) {
  var target = event.target;
  if (target && target.hasAttribute && target.hasAttribute('data-autosubmit') && target.form) target.form.requestSubmit();
});
function poll(element) {
  var url = element.getAttribute('data-poll');
  fetch(url, { headers: { accept: 'application/json' }, credentials: 'same-origin' })
    .then(function (response) { return response.json(); })
    .then(function (state) {
      var bar = element.querySelector('progress');
      var label = element.querySelector('[data-poll-label]');
      if (bar) bar.value = state.percent;
      if (label) label.textContent = state.label;
      if (state.done) {
        var next = element.getAttribute('data-done-href');
        if (next) window.location.assign(next);
        return;
      }
      window.setTimeout(function () { poll(element); }, 500);
    })
    .catch(function () { window.setTimeout(function () { poll(element); }, 2000); });
}
Array.prototype.forEach.call(document.querySelectorAll('[data-poll]'), poll);
`;
