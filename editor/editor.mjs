// The SPARQL page: CodeMirror 6 over the query form, prefix completion, Ctrl+Enter runs,
// errors beside the query, results paged in the page with CSV/TSV/JSON downloads.
// Built into ../src/mgi_graph/server/static/editor.js by `npm run build` (see README).
import { EditorView, basicSetup } from "codemirror";
import { keymap } from "@codemirror/view";
import { Prec } from "@codemirror/state";
import { StreamLanguage } from "@codemirror/language";
import { sparql } from "@codemirror/legacy-modes/mode/sparql";
import { autocompletion } from "@codemirror/autocomplete";

const PAGE_SIZE = 50;
// The editor lives in a shadow root: there CodeMirror's styles go into a constructed style
// sheet (adoptedStyleSheets) instead of a <style> element, which a Content-Security-Policy
// of style-src 'self' would refuse. Page styles do not reach it, hence this theme.
const THEME = EditorView.theme({
  "&": { border: "1px solid #b8c2cd", borderRadius: "6px", background: "#fff", fontSize: "0.92rem", minHeight: "18rem" },
  "&.cm-focused": { outline: "3px solid #f2b705", outlineOffset: "2px" },
  ".cm-scroller": { minHeight: "18rem", fontFamily: 'ui-monospace, "SFMono-Regular", "DejaVu Sans Mono", Menlo, Consolas, monospace' },
});

function prefixCompletion(prefixes) {
  return (context) => {
    const word = context.matchBefore(/[A-Za-z][\w-]*:?/);
    if (!word || (word.from === word.to && !context.explicit)) return null;
    const options = [];
    for (const [name, iri] of Object.entries(prefixes)) {
      options.push({ label: `${name}:`, detail: iri, type: "namespace" });
      options.push({ label: `PREFIX ${name}: <${iri}>`, type: "keyword", boost: -1 });
    }
    return { from: word.from, options, validFor: /^[\w-]*:?$/ };
  };
}

function element(tag, attributes = {}, text = null) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, value);
  if (text !== null) node.textContent = text;
  return node;
}

function valueCell(binding) {
  const cell = element("td");
  if (!binding) return cell;
  if (binding.type === "uri" && /^https?:\/\//.test(binding.value)) {
    cell.appendChild(element("a", { href: binding.value }, binding.value));
  } else {
    const span = element("span", {}, binding.value);
    if (binding["xml:lang"]) span.setAttribute("lang", binding["xml:lang"]);
    cell.appendChild(span);
  }
  return cell;
}

function start(form) {
  const textarea = form.querySelector("textarea[name=query]");
  const messages = JSON.parse(form.dataset.messages || "{}");
  const prefixes = JSON.parse(form.dataset.prefixes || "{}");
  const endpoint = form.getAttribute("action");
  const errorBox = document.getElementById("query-error");
  const results = document.getElementById("results");
  const say = (key) => messages[key] || key;

  const run = () => {
    textarea.value = view.state.doc.toString();
    execute(textarea.value);
    return true;
  };
  const host = element("div", { class: "editor-host" });
  const shadow = host.attachShadow({ mode: "open" });
  const view = new EditorView({
    doc: textarea.value,
    root: shadow,
    extensions: [
      basicSetup,
      THEME,
      EditorView.lineWrapping,
      StreamLanguage.define(sparql),
      autocompletion({ override: [prefixCompletion(prefixes)] }),
      Prec.highest(keymap.of([{ key: "Mod-Enter", run }])),
      EditorView.contentAttributes.of({ "aria-label": say("query") }),
    ],
  });
  textarea.hidden = true;
  shadow.appendChild(view.dom);
  textarea.insertAdjacentElement("afterend", host);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    run();
  });

  async function execute(query) {
    errorBox.hidden = true;
    errorBox.textContent = "";
    results.replaceChildren(element("p", { class: "count", role: "status" }, say("running")));
    let response;
    try {
      response = await fetch(`${endpoint}?${new URLSearchParams({ query })}`, {
        headers: { Accept: "application/sparql-results+json, text/turtle;q=0.9" },
      });
    } catch (error) {
      return showError(String(error));
    }
    if (!response.ok) return showError(await response.text());
    const type = response.headers.get("content-type") || "";
    if (type.includes("json")) {
      const document_ = await response.json();
      if ("boolean" in document_) return showBoolean(query, document_.boolean);
      return showTable(query, document_);
    }
    return showGraph(query, await response.text());
  }

  function showError(text) {
    results.replaceChildren();
    errorBox.textContent = text.trim();
    errorBox.hidden = false;
  }

  function downloads(query, formats) {
    const line = element("p", { class: "formats" }, `${say("download")}: `);
    formats.forEach(([key, name], index) => {
      const link = element("a", { href: `${endpoint}?${new URLSearchParams({ query, format: key })}`, download: `results.${key}` }, name);
      if (index) line.appendChild(document.createTextNode(" · "));
      line.appendChild(link);
    });
    return line;
  }

  function showBoolean(query, value) {
    results.replaceChildren(element("p", { class: "boolean" }, String(value)), downloads(query, [["json", "JSON"]]));
  }

  function showGraph(query, text) {
    results.replaceChildren(downloads(query, [["ttl", "Turtle"], ["nt", "N-Triples"], ["jsonld", "JSON-LD"]]),
      element("pre", { class: "code" }, text));
  }

  function showTable(query, document_) {
    const columns = document_.head.vars;
    const rows = document_.results.bindings;
    let page = 0;
    const pages = Math.max(1, Math.ceil(rows.length / PAGE_SIZE));
    const count = element("p", { class: "count", role: "status" });
    const table = element("table", { class: "results" });
    const head = element("thead");
    const headRow = element("tr");
    columns.forEach((name) => headRow.appendChild(element("th", { scope: "col" }, name)));
    head.appendChild(headRow);
    const body = element("tbody");
    table.append(head, body);
    const pager = element("nav", { class: "pager", "aria-label": say("pages") });
    const previous = element("button", { type: "button" }, say("previous"));
    const next = element("button", { type: "button" }, say("next"));
    const where = element("span");
    pager.append(previous, where, next);
    const draw = () => {
      body.replaceChildren();
      rows.slice(page * PAGE_SIZE, (page + 1) * PAGE_SIZE).forEach((binding) => {
        const row = element("tr");
        columns.forEach((name) => row.appendChild(valueCell(binding[name])));
        body.appendChild(row);
      });
      count.textContent = `${rows.length} ${say(rows.length === 1 ? "row" : "rows")}`;
      where.textContent = `${page + 1} / ${pages}`;
      previous.disabled = page === 0;
      next.disabled = page >= pages - 1;
    };
    previous.addEventListener("click", () => { page -= 1; draw(); });
    next.addEventListener("click", () => { page += 1; draw(); });
    const scroll = element("div", { class: "scroll" });
    scroll.appendChild(table);
    results.replaceChildren(count, downloads(query, [["csv", "CSV"], ["tsv", "TSV"], ["json", "JSON"]]), scroll);
    if (pages > 1) results.appendChild(pager);
    draw();
  }
}

document.querySelectorAll("form.query[data-editor]").forEach(start);
