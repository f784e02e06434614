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
