/* Language switcher that keeps the reader on the same page.
 * Both languages are built with the same pages (Thai at the site root, English under en/),
 * so the same page in the other language is: that language's root + this page's path
 * relative to the current language's root.  Material's own switcher cannot do this when one
 * language sits at the root of the other (it gives up and opens the other home page).
 */
document.addEventListener("click", function (event) {
  var link = event.target.closest && event.target.closest("a.md-select__link[hreflang]");
  if (!link || event.metaKey || event.ctrlKey) return;
  var lang = document.documentElement.lang;
  var own = document.querySelector('link[rel="alternate"][hreflang="' + lang + '"]');
  if (!own) return;
  var here = location.href.split("#")[0].split("?")[0];
  if (here.indexOf(own.href) !== 0) return;
  var path = here.slice(own.href.length);
  event.preventDefault();
  event.stopPropagation();
  location.href = link.href + path + location.hash;
}, true);
