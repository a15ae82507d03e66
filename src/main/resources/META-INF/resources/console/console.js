// The analysts' console: a thin page over the rules API. Every action is an API call a script could make too.
const $ = (id) => document.getElementById(id);
const text = (value) => String(value ?? '').replace(/[&<>"]/g, (c) => ({'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;'}[c]));

// The admin API key lives in this tab's session storage only, never in the page or a cookie.
const KEY = 'nextbest-api-key';

async function api(method, path, body) {
  const headers = body ? {'Content-Type': 'application/json'} : {};
  const key = sessionStorage.getItem(KEY);
  if (key) headers['X-API-Key'] = key;
  const response = await fetch(path, {method, headers, body: body ? JSON.stringify(body) : undefined});
  const payload = response.headers.get('content-type')?.includes('json') ? await response.json() : null;
  return {ok: response.ok, status: response.status, body: payload};
}

// Errors block activation, warnings do not; a table's line is its row. "Rules" names the rules involved.
function problemsTable(problems, id) {
  return `<table class="problems"${id ? ` id="${id}"` : ''}><thead><tr><th>Severity</th><th>File</th><th>Line</th>`
    + '<th>Column</th><th>Problem</th><th>Rules</th></tr></thead><tbody>'
    + problems.map((p) => `<tr class="${p.severity === 'warning' ? 'warning' : 'problem'}"><td>${text(p.severity ?? 'error')}</td>`
      + `<td>${text(p.file)}</td><td>${p.line || ''}</td><td>${p.column || ''}</td>`
      + `<td>${text(p.message)}</td><td>${(p.rules ?? []).map(text).join('<br>')}</td></tr>`).join('') + '</tbody></table>';
}

async function showActive() {
  const rules = await api('GET', '/v1/rules');
  if (rules.status === 401 || rules.status === 403) {
    $('active').textContent = 'Enter an admin API key above to use the console (' + (rules.body?.detail ?? rules.status) + ')';
    $('active').className = 'status failed';
    return;
  }
  if (!rules.ok) {
    $('active').textContent = 'No ruleset is active: ' + (rules.body?.detail ?? rules.status);
    $('active').className = 'status failed';
    return;
  }
  const r = rules.body;
  const last = r.lastReload;
  $('active').innerHTML = `Active ruleset <strong id="active-version">${text(r.version)}</strong>, `
    + `${r.rules.length} rules from ${r.files.length} files, loaded ${text(r.loadedAt)}`
    + (last && !last.succeeded ? ` — <span class="failed">last reload failed (${last.problems.length} problems)</span>` : '');
  const stats = await loadStats();
  // Which scenario tests (rules/tests/) fire each rule: an untested rule can break without anyone noticing.
  const coverage = await api('GET', '/v1/rules/coverage');
  const firedBy = Object.fromEntries((coverage.body?.coverage ?? []).map((c) => [c.rule, c.firedBy]));
  $('rules').querySelector('tbody').innerHTML = r.rules.map((rule) => {
    const s = stats[rule.name] ?? {fired: 0, selected: 0, suppressed: 0};
    const scenarios = firedBy[rule.name] ?? [];
    return `<tr><td>${text(rule.name)}</td><td>${text(rule.phase)}</td><td>${rule.salience}</td><td>${text(rule.file)}</td>`
      + `<td>${s.fired}</td><td>${s.selected}</td><td>${s.suppressed}</td>`
      + (scenarios.length ? `<td title="${text(scenarios.join('\n'))}">${scenarios.length}</td>` : '<td class="untested">untested</td>')
      + (rule.failures ? `<td class="problem" title="${text(rule.lastFailedAt + ': ' + rule.lastFailure)}">${rule.failures}</td>` : '<td>0</td>')
      + '</tr>';
  }).join('');
  const unfired = r.rules.filter((rule) => rule.phase === 'triggers' && !(stats[rule.name]?.fired)).length;
  const c = coverage.body;
  $('untested').textContent = `${unfired} trigger rule(s) did not fire in this period.`
    + (c ? ` Scenario tests fire ${c.tested} of ${c.rules} rules (${c.percent} %); ${c.rules - c.tested} no scenario test fires.` : '');
  $('warnings').innerHTML = r.warnings.length ? '<h3>Warnings</h3>' + problemsTable(r.warnings) : '';
  await showResults();
  await showCanary();
  await showHistory(r.version);
}

async function showCanary() {
  const result = await api('GET', '/v1/rules/canary');
  if (result.status === 404) {
    $('canary').innerHTML = '<p id="no-canary">No canary is serving: pick files above and try them on a share of customers.</p>';
    return;
  }
  if (!result.ok) {
    $('canary').innerHTML = `<p class="problem">${text(result.body?.detail ?? result.status)}</p>`;
    return;
  }
  const c = result.body;
  const role = (version) => version === c.version ? 'canary' : 'active';
  $('canary').innerHTML = `<p id="canary-summary">Version <strong>${text(c.version)}</strong> decides for ${c.percent} % of `
    + `customers since ${text(c.startedAt)}; the others get the active version ${text(c.activeVersion)}.</p>`
    + '<table id="canary-table"><thead><tr><th>Ruleset</th><th>Decisions</th><th>Customers</th><th>With an action</th>'
    + '<th>Sent</th><th>Set aside</th><th>Delivered</th><th>Response rate</th><th>Converted</th><th>Value</th></tr></thead><tbody>'
    + c.comparison.map((v) => `<tr><td>${role(v.version)} ${text(v.version)}</td><td>${v.decisions}</td><td>${v.customers}</td>`
      + `<td>${percent(v.actionRate)} %</td><td>${v.selected}</td><td>${counts(v.suppressed)}</td><td>${v.delivered}</td>`
      + `<td>${v.responseRate == null ? '' : percent(v.responseRate) + ' %'}</td><td>${v.converted}</td><td>${v.conversionValue}</td></tr>`)
      .join('') + '</tbody></table>'
    + (c.warnings.length ? '<h3>Its warnings</h3>' + problemsTable(c.warnings) : '')
    + '<div class="actions"><button id="canary-promote">Promote it: every customer, every replica</button>'
    + '<button id="canary-abandon">Abandon it: every customer back to the active version</button></div>';
  $('canary-promote').addEventListener('click', () => endCanary('promote'));
  $('canary-abandon').addEventListener('click', () => endCanary('abandon'));
}

async function startCanary() {
  const files = await pickedFiles();
  if (!files.length) {
    $('validation').innerHTML = '<p class="problem">Pick the changed files first.</p>';
    return;
  }
  const result = await api('POST', '/v1/rules/canary', {files, percent: Number($('canary-percent').value)});
  $('validation').innerHTML = result.ok
    ? `<p class="ok" id="canary-started">Version ${text(result.body.version)} now decides for ${result.body.percent} % of customers.</p>`
    : `<p class="problem">No canary started: ${text(result.body?.detail ?? result.status)}</p>`
      + problemsTable(result.body?.problems ?? [])
      + (result.body?.errors ? '<ul>' + result.body.errors.map((e) => `<li>${text(e.field)}: ${text(e.message)}</li>`).join('') + '</ul>' : '');
  await showActive();
}

async function endCanary(how) {
  await api('POST', '/v1/rules/canary/' + how);
  await showActive();
}

const total = (counts) => Object.values(counts ?? {}).reduce((sum, n) => sum + n, 0);
const percent = (rate) => Math.round(1000 * (rate ?? 0)) / 10;
const counts = (map) => Object.entries(map ?? {}).map(([k, n]) => `${text(k)} ${n}`).join(', ');

async function showResults() {
  const result = await api('GET', '/v1/stats?' + statsPeriod());
  if (!result.ok) {
    $('results').innerHTML = `<p class="problem">${text(result.body?.detail ?? result.status)}</p>`;
    return;
  }
  const s = result.body;
  const label = (a) => `${a.actionId} (${a.channel}${a.variant ? ', ' + a.variant : ''})`;
  $('results').innerHTML = `<p id="results-summary">${s.decisions} decision(s) recorded in this period.</p>`
    + '<h3>Actions: sent and set aside</h3>'
    + pairedBars('actions-chart', s.actions.map((a) => ({label: label(a), a: a.selected, b: total(a.suppressed)})),
      'Grey: sent. Blue: set aside (consent, caps, control group…).')
    + '<table id="actions-table"><thead><tr><th>Action</th><th>Proposed</th><th>Sent</th><th>Set aside</th>'
    + '<th>Delivered</th><th>Response rate</th><th>Converted</th><th>Value</th></tr></thead><tbody>'
    + s.actions.map((a) => `<tr><td>${text(label(a))}</td><td>${a.proposed}</td><td>${a.selected}</td>`
      + `<td>${counts(a.suppressed)}</td><td>${a.delivered}</td><td>${a.responseRate == null ? '' : percent(a.responseRate) + ' %'}</td>`
      + `<td>${a.converted}</td><td>${a.conversionValue}</td></tr>`).join('') + '</tbody></table>'
    + (s.lift.length ? '<h3>Lift against the control group</h3>'
      + pairedBars('lift-chart', s.lift.map((l) => ({label: l.actionId, a: percent(l.treatedRate), b: percent(l.controlRate)})),
        'Conversion %. Grey: customers who got the action. Blue: its control group.')
      + '<ul id="lift-list">' + s.lift.map((l) => `<li>${text(l.actionId)}: ${l.treatedConverted}/${l.treated} against `
        + `${l.controlConverted}/${l.control} held out — lift ${l.lift == null ? 'n/a (no control conversion)' : percent(l.lift) + ' %'}</li>`).join('')
      + '</ul>' : '')
    + (s.journeys.length ? '<h3>Journeys</h3><table id="journeys-table"><thead><tr><th>Journey</th><th>Enrolled</th>'
      + '<th>Steps reached</th><th>Completed</th><th>Exited</th></tr></thead><tbody>'
      + s.journeys.map((j) => `<tr><td>${text(j.journey)}</td><td>${j.enrolled}</td><td>${counts(j.reached)}</td>`
        + `<td>${j.completed}</td><td>${counts(j.exited)}</td></tr>`).join('') + '</tbody></table>' : '');
}

function statsPeriod() {
  const params = new URLSearchParams();
  if ($('stats-from').value) params.set('from', $('stats-from').value + 'T00:00:00Z');
  if ($('stats-to').value) params.set('to', $('stats-to').value + 'T23:59:59Z');
  return params;
}

async function loadStats() {
  const stats = await api('GET', '/v1/rules/stats?' + statsPeriod());
  const byRule = {};
  (stats.body?.rules ?? []).forEach((s) => { byRule[s.rule] = s; });
  return byRule;
}

async function showHistory(activeVersion) {
  const history = await api('GET', '/v1/rules/history');
  $('history').querySelector('tbody').innerHTML = (history.body ?? []).map((h) =>
    `<tr><td>${text(h.version)}${h.active ? ' (active)' : ''}</td><td>${text(h.source)}</td><td>${text(h.activatedAt)}</td>`
    + `<td>${h.rules}</td><td>${h.version === activeVersion ? '' : `<button data-rollback="${text(h.version)}">Roll back to this</button>`}</td></tr>`
  ).join('');
}

// Files picked in the form, as the API wants them: text, or base64 for spreadsheets.
async function pickedFiles() {
  const files = [];
  for (const file of $('files').files) {
    const name = file.name.startsWith('tests_') ? 'tests/' + file.name.substring(6) : file.name;
    if (/\.xlsx?$/i.test(file.name)) {
      const bytes = new Uint8Array(await file.arrayBuffer());
      let binary = '';
      bytes.forEach((b) => { binary += String.fromCharCode(b); });
      files.push({name, content: btoa(binary), encoding: 'base64'});
    } else {
      files.push({name, content: await file.text()});
    }
  }
  return files;
}

async function validate() {
  const result = await api('POST', '/v1/rules/validate', {files: await pickedFiles()});
  const report = result.body;
  $('validation').innerHTML = !result.ok ? `<p class="problem">${text(report?.detail ?? result.status)}</p>`
    : (report.valid ? `<p class="ok" id="validation-ok">Valid: version ${text(report.version)}, ${report.rules} rules, all scenarios pass`
        + (report.warnings.length ? `, ${report.warnings.length} warning(s) to look at.` : '.') + '</p>'
      : `<p class="problem" id="validation-failed">Not valid: ${report.problems.length} problem(s).</p>`)
      + (report.problems.length || report.warnings.length
        ? problemsTable([...report.problems, ...report.warnings], 'validation-findings') : '');
}

async function activate() {
  const files = await pickedFiles();
  if (!files.length) {
    $('validation').innerHTML = '<p class="problem">Pick the changed files first.</p>';
    return;
  }
  const result = await api('POST', '/v1/rules/activate', {files});
  $('validation').innerHTML = result.ok
    ? `<p class="ok" id="activated">Activated: version ${text(result.body.version)} is live; every replica follows within seconds.</p>`
    : `<p class="problem">Not activated; the previous version keeps serving.</p>` + problemsTable(result.body?.problems ?? []);
  await showActive();
}

async function reload() {
  const result = await api('POST', '/v1/rules/reload');
  $('validation').innerHTML = result.ok ? `<p class="ok">Reloaded: version ${text(result.body.version)} is active.</p>`
    : `<p class="problem">Reload rejected; the previous version keeps serving.</p>` + problemsTable(result.body?.problems ?? []);
  await showActive();
}

async function simulate() {
  let request;
  try {
    request = JSON.parse($('simulate-request').value);
  } catch (error) {
    $('simulation').innerHTML = `<p class="problem">The request is not valid JSON: ${text(error.message)}</p>`;
    return;
  }
  const files = await pickedFiles();
  const result = await api('POST', '/v1/simulate', files.length ? {request, files} : {request});
  if (!result.ok) {
    $('simulation').innerHTML = `<p class="problem">${text(result.body?.detail ?? result.status)}</p>`
      + (result.body?.problems ? problemsTable(result.body.problems) : '')
      + (result.body?.errors ? '<ul>' + result.body.errors.map((e) => `<li>${text(e.field)}: ${text(e.message)}</li>`).join('') + '</ul>' : '');
    return;
  }
  const d = result.body.decision;
  $('simulation').innerHTML = `<h3>Actions</h3><ol id="simulated-actions">${d.actions.map((a) =>
      `<li><strong>${text(a.actionId)}</strong> on ${text(a.channel)} at ${text(a.sendAt)} — ${text(a.rule)}</li>`).join('') || '<li>none</li>'}</ol>`
    + `<h3>Set aside</h3><ul>${d.suppressed.map((s) => `<li>${text(s.actionId)}: ${text(s.reason)} — ${text(s.detail)}</li>`).join('') || '<li>none</li>'}</ul>`
    + (d.failedRules ? `<h3>Rules that failed</h3><ul id="failed-rules">${d.failedRules.map((f) => `<li class="problem">${text(f.rule)}`
      + ` (${text(f.file)}${f.row ? ', row ' + f.row : ''}): ${text(f.reason)}</li>`).join('')}</ul>` : '')
    + '<h3>Trace</h3><table id="trace"><thead><tr><th>#</th><th>Phase</th><th>Rule</th><th>Effects</th></tr></thead><tbody>'
    + result.body.firings.map((f) => `<tr><td>${f.order}</td><td>${text(f.phase)}</td><td>${text(f.rule)}</td>`
      + `<td>${(f.failure ? [`failed: ${f.failure}`] : []).concat(f.effects).map(text).join('<br>')}</td></tr>`).join('') + '</tbody></table>'
    + `<details><summary>Facts (${result.body.facts.length})</summary><ul>${result.body.facts.map((f) => `<li>${text(f)}</li>`).join('')}</ul></details>`;
}

// Two bars per row (a grey, b blue), scaled to the largest value, as an SVG the browser draws.
function pairedBars(id, rows, legend) {
  const width = 720, bar = 14, gap = 10, label = 300;
  const max = Math.max(1, ...rows.flatMap((r) => [r.a, r.b]));
  const scale = (n) => (width - label - 60) * n / max;
  const height = rows.length * (2 * bar + gap) + 10;
  return `<svg id="${id}" width="${width}" height="${height}" role="img" aria-label="${text(legend)}">`
    + rows.map((r, i) => {
      const y = 5 + i * (2 * bar + gap);
      return `<text x="0" y="${y + bar + 3}" font-size="12">${text(r.label)}</text>`
        + `<rect class="bar-before" x="${label}" y="${y}" width="${scale(r.a)}" height="${bar}"></rect>`
        + `<text x="${label + scale(r.a) + 4}" y="${y + 11}" font-size="11">${r.a}</text>`
        + `<rect class="bar-after" x="${label}" y="${y + bar}" width="${scale(r.b)}" height="${bar}"></rect>`
        + `<text x="${label + scale(r.b) + 4}" y="${y + bar + 11}" font-size="11">${r.b}</text>`;
    }).join('') + `</svg><p class="hint">${text(legend)}</p>`;
}

async function replay() {
  const files = await pickedFiles();
  if (!files.length) {
    $('replay-result').innerHTML = '<p class="problem">Pick the changed files first.</p>';
    return;
  }
  const result = await api('POST', '/v1/rules/replay', {
    from: $('replay-from').value + 'T00:00:00Z', to: $('replay-to').value + 'T23:59:59Z', files,
  });
  if (!result.ok) {
    $('replay-result').innerHTML = `<p class="problem">${text(result.body?.detail ?? result.status)}</p>`
      + (result.body?.problems ? problemsTable(result.body.problems) : '');
    return;
  }
  const r = result.body;
  $('replay-result').innerHTML = `<p id="replay-summary">${r.changed} of ${r.decisions} decisions would change.</p>`
    + '<table id="replay-table"><thead><tr><th>Action</th><th>Channel</th><th>Before</th><th>After</th></tr></thead><tbody>'
    + r.byAction.map((a) => `<tr><td>${text(a.actionId)}</td><td>${text(a.channel)}</td><td>${a.before}</td><td>${a.after}</td></tr>`).join('')
    + '</tbody></table>'
    + pairedBars('replay-chart', r.byAction.map((a) => ({label: `${a.actionId} (${a.channel})`, a: a.before, b: a.after})),
      'Grey: current rules. Blue: with the picked files.')
    + '<h3>Examples</h3><ul>' + r.examples.map((e) => `<li>${text(e.customerId)} at ${text(e.decidedAt)}: `
      + `[${e.before.map(text).join(', ')}] → [${e.after.map(text).join(', ')}]</li>`).join('') + '</ul>';
}

document.addEventListener('click', async (event) => {
  const version = event.target.dataset?.rollback;
  if (version) {
    await api('POST', '/v1/rules/rollback', {version});
    await showActive();
  }
});
$('validate').addEventListener('click', validate);
$('reload').addEventListener('click', reload);
$('activate').addEventListener('click', activate);
$('canary-start').addEventListener('click', startCanary);
$('simulate').addEventListener('click', simulate);
$('replay').addEventListener('click', replay);
$('stats-refresh').addEventListener('click', showActive);
$('api-key').value = sessionStorage.getItem(KEY) ?? '';
$('api-key').addEventListener('change', () => {
  sessionStorage.setItem(KEY, $('api-key').value.trim());
  showActive();
});
const today = new Date().toISOString().substring(0, 10);
const weekAgo = new Date(Date.now() - 7 * 864e5).toISOString().substring(0, 10);
$('stats-from').value = weekAgo; $('stats-to').value = today;
$('replay-from').value = weekAgo; $('replay-to').value = today;
showActive();
