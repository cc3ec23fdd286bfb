// agentops viewer: the waterfall's details pane and live updates.
// It never builds HTML from session data: every page and fragment it puts
// in place was rendered (and escaped) by the server, and is parsed with
// DOMParser, which runs no script.
(function () {
  'use strict';
  var body = document.body;
  var parser = new DOMParser();

  function fetchDoc(url) {
    return fetch(url, { cache: 'no-store', credentials: 'same-origin' }).then(function (r) {
      return r.text().then(function (t) { return { ok: r.ok, doc: parser.parseFromString(t, 'text/html') }; });
    });
  }

  // swap replaces the element #id of the page with the one of doc.
  function swap(doc, id) {
    var cur = document.getElementById(id), next = doc.getElementById(id);
    if (cur && next) { cur.replaceWith(document.importNode(next, true)); }
    else if (cur && !next) { cur.remove(); }
  }

  // The waterfall: a click (or Enter) on a bar shows its details.
  function selectBar(bar) {
    var wf = document.getElementById('waterfall');
    if (!wf || !bar) { return; }
    var id = bar.getAttribute('data-span-id');
    wf.querySelectorAll('.bar.selected').forEach(function (b) { b.classList.remove('selected'); });
    bar.classList.add('selected');
    fetchDoc(wf.getAttribute('data-details-url') + encodeURIComponent(id)).then(function (res) {
      var next = res.doc.getElementById('details') || res.doc.getElementById('error');
      var cur = document.getElementById('details');
      if (!cur || !next) { return; }
      var node = document.importNode(next, true);
      node.id = 'details';
      cur.replaceWith(node);
      var u = new URL(location.href);
      u.searchParams.set('span', id);
      u.searchParams.set('from', String(Number(wf.getAttribute('data-from') || '1') - 1));
      u.hash = '';
      history.replaceState(null, '', u.toString());
    });
  }
  document.addEventListener('click', function (e) {
    var bar = e.target.closest && e.target.closest('#waterfall .bar');
    if (!bar || e.ctrlKey || e.metaKey || e.shiftKey) { return; }
    e.preventDefault();
    selectBar(bar);
  });
  document.addEventListener('keydown', function (e) {
    var bar = e.target.closest && e.target.closest('#waterfall .bar');
    if (!bar) { return; }
    if (e.key === 'Enter') { e.preventDefault(); selectBar(bar); }
    if (e.key === 'ArrowDown' && bar.nextElementSibling) { e.preventDefault(); bar.nextElementSibling.focus(); }
    if (e.key === 'ArrowUp' && bar.previousElementSibling) { e.preventDefault(); bar.previousElementSibling.focus(); }
  });

  // A page opened on a span (?span=) shows its bar.
  var preselected = document.querySelector('#waterfall .bar.selected');
  if (preselected) { preselected.scrollIntoView({ block: 'center' }); }

  // Live: poll the page's version URL; when it changes, fetch the page
  // again and put its changing parts in place.
  var liveURL = body.getAttribute('data-live-url');
  if (!liveURL) { return; }
  var version = body.getAttribute('data-version');
  var poll = Number(body.getAttribute('data-poll-ms')) || 2000;
  var badge = document.getElementById('live');
  if (badge) { badge.hidden = false; }
  var busy = false;
  var timer = setInterval(function () {
    if (busy || document.hidden) { return; }
    busy = true;
    fetch(liveURL, { cache: 'no-store', credentials: 'same-origin' })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (v) {
        if (!v || String(v.version) === version) { return null; }
        version = String(v.version);
        return fetchDoc(location.href).then(function (res) {
          if (!res.ok) { return; }
          var wf = document.getElementById('waterfall');
          var scroll = wf ? wf.scrollTop : 0;
          var selected = document.querySelector('#waterfall .bar.selected');
          ['header', 'stats', 'waterfall', 'count', 'indexing', 'sessions-wrap', 'totals', 'cost-chart', 'token-chart', 'model-chart'].forEach(function (id) { swap(res.doc, id); });
          wf = document.getElementById('waterfall');
          if (wf) {
            wf.scrollTop = scroll;
            if (selected) {
              var again = wf.querySelector('.bar[data-span-id="' + CSS.escape(selected.getAttribute('data-span-id')) + '"]');
              if (again) { again.classList.add('selected'); }
            }
          }
          if (!res.doc.body.getAttribute('data-live-url')) {
            clearInterval(timer);
            if (badge) { badge.hidden = true; }
          }
        });
      })
      .catch(function () {})
      .then(function () { busy = false; });
  }, poll);
})();
