// Run Material's own search worker in Node: set it up with the built index, then query it.
const fs = require("fs"), path = require("path"), vm = require("vm");
const [site, ...queries] = process.argv.slice(2);
const dir = path.join(site, "assets/javascripts/workers");
const worker = fs.readdirSync(dir).find((f) => /^search\..*\.min\.js$/.test(f));
const listeners = [], replies = [];
const context = vm.createContext({ console, setTimeout, clearTimeout });
Object.assign(context, {
  self: context,
  location: { href: "http://127.0.0.1/assets/javascripts/workers/" + worker },
  addEventListener: (type, fn) => listeners.push(fn),
  postMessage: (message) => replies.push(message),
  importScripts: (...urls) => urls.forEach((url) =>
    vm.runInContext(fs.readFileSync(path.join(dir, url), "utf8"), context)),
});
vm.runInContext(fs.readFileSync(path.join(dir, worker), "utf8"), context);
const send = (data) => listeners.forEach((fn) => fn({ data }));
const settle = () => new Promise((resolve) => setTimeout(resolve, 10));
(async () => {
  const index = JSON.parse(fs.readFileSync(path.join(site, "search/search_index.json"), "utf8"));
  send({ type: 0, data: { ...index, options: { suggest: false } } });
  while (!replies.some((m) => m.type === 1)) await settle();
  const found = {};
  for (const query of queries) {
    replies.length = 0;
    send({ type: 2, data: query });
    while (!replies.some((m) => m.type === 3)) await settle();
    found[query] = replies.find((m) => m.type === 3).data.items.map((group) => group[0].location);
  }
  console.log(JSON.stringify(found));
})();
