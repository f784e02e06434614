/* Search as soon as the query changes, however it was entered.
 * Material's search box reacts to key-up events only, so a query pasted with the mouse, dropped,
 * or composed by an input method that sends no key events (Thai and other IMEs, on-screen
 * keyboards, dictation) found nothing until a key was pressed.  Every "input" event of the box
 * is passed on as a key-up, which Material handles like a typed key.
 */
document.addEventListener("input", function (event) {
  var box = event.target;
  if (!box || !box.matches || !box.matches("input.md-search__input") || event.isComposing) return;
  box.dispatchEvent(new KeyboardEvent("keyup", { bubbles: true, key: "Unidentified" }));
}, true);
document.addEventListener("compositionend", function (event) {
  var box = event.target;
  if (box && box.matches && box.matches("input.md-search__input")) {
    box.dispatchEvent(new KeyboardEvent("keyup", { bubbles: true, key: "Unidentified" }));
  }
}, true);

/* Render only the results of the query in the box.
 * Typing sends a query for every character; the handbook's search worker answers each with the
 * text it searched (`query`).  Material renders every answer it gets, one after the other, so
 * while a word is typed the page lays out results nobody will read and the answer for the whole
 * word waits behind them (bench/scale.py, typed queries).  An answer whose query is no longer
 * the box's text is dropped here: the answer to the newer query is on its way.
 * Material listens to its worker with addEventListener; it creates the worker after this script ran.
 */
(function () {
  if (typeof Worker === "undefined") return;
  var listen = Worker.prototype.addEventListener;
  Worker.prototype.addEventListener = function (type, listener, options) {
    if (type !== "message" || typeof listener !== "function") return listen.call(this, type, listener, options);
    return listen.call(this, type, function (event) {
      var message = event.data, box = document.querySelector("input.md-search__input");
      if (message && message.type === 3 && message.data && typeof message.data.query === "string" &&
          box && message.data.query !== box.value) {
        return undefined;
      }
      return listener.call(this, event);
    }, options);
  };
})();
