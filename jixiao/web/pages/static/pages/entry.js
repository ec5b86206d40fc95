// Target table form: add and remove indicator rows (the grammar check is htmx on each field).
document.addEventListener("click", function (ev) {
  var add = ev.target.closest("[data-add-row]");
  if (add) {
    var body = document.getElementById(add.getAttribute("data-add-row"));
    var tpl = document.getElementById(add.getAttribute("data-template"));
    var row = tpl.content.firstElementChild.cloneNode(true);
    body.appendChild(row);
    if (window.htmx) { window.htmx.process(row); }
    ev.preventDefault();
    return;
  }
  var remove = ev.target.closest("[data-remove-row]");
  if (remove) {
    var tr = remove.closest("tr");
    if (tr) { tr.remove(); }
    ev.preventDefault();
  }
});
