/* Builds one language's MiniSearch index, serialised (MiniSearch's toJSON).
   Run by index.py at build time, under Node:

     node make_index.cjs MINISEARCH_UMD TERMS_JS LANG < documents.json > index.json

   It loads the very files the kiosk ships (the vendored MiniSearch and
   kiosk-search-terms.js), so the index is made by the code that reads it. */
"use strict";
const fs = require("fs");

function load(path) {
  const module = { exports: {} };
  new Function("module", "exports", fs.readFileSync(path, "utf8"))(module, module.exports);
  return module.exports;
}

const MiniSearch = load(process.argv[2]);
const Terms = load(process.argv[3]);
const documents = JSON.parse(fs.readFileSync(0, "utf8"));
const index = new MiniSearch(Terms.options(process.argv[4]));
index.addAll(documents);
process.stdout.write(JSON.stringify(index));
