// Nurse view entry point: signs the page in (/api/me), keeps the live state from the WebSocket,
// and renders the board, the alarm queue and the patient page.
import { clock, refreshAges, getJson, postJson, fmtAge } from './dom.js';
import { LiveLink } from './live.js';
import { CensusBoard } from './board.js';
import { renderAlarms, upsert } from './alarms.js';
import { PatientPage } from './patient.js';
import { AlarmTone } from './tone.js';

const SPARK_POINTS = 120;
const $ = (sel) => document.querySelector(sel);

const store = { patients: new Map(), alarms: new Map(), resolved: new Map(), sparks: new Map(), selected: null };
let tone;
let page;
let board;
let renderPending = false;
let firstSnapshot = true;
let shownLive = false; // the connection label says 'live' (written once, not per message)

// All DOM writes of a batch of messages happen in one animation frame; the timer stands in when
// the tab is hidden (browsers pause animation frames there, but the alarm tone must still start).
function scheduleRender() {
  if (renderPending) return;
  renderPending = true;
  requestAnimationFrame(render);
  setTimeout(render, 250);
}

function render() {
  if (!renderPending) return;
  renderPending = false;
  board.render();
  $('#census-empty').hidden = store.patients.size > 0;
  const count = `${store.patients.size} patient${store.patients.size === 1 ? '' : 's'}, most urgent first`;
  if ($('#census-count').textContent !== count) $('#census-count').textContent = count;
  renderAlarms(store, {
    physiological: $('#alarms-physiological'), technical: $('#alarms-technical'),
    none: $('#alarms-none'), technicalNone: $('#technical-none'),
  }, scheduleRender);
  if (store.selected) page.render();
  const activeHigh = [...store.alarms.values()].filter((a) => a.priority === 'HIGH' && a.state === 'ACTIVE').length;
  tone.update(activeHigh, false);
}

function onMessage(msg) {
  if (msg.type === 'snapshot') {
    store.patients = new Map(msg.patients.map((p) => [p.pseudonym, p]));
    store.alarms.clear();
    let newHigh = false;
    msg.alarms.forEach((a) => { newHigh = isNewHigh(a) || newHigh; upsert(store, a); });
    msg.patients.forEach((p) => { p.alarms.forEach((a) => upsert(store, a)); addSpark(p); });
    if (newHigh) tone.update(1, true);
    if (store.selected) page.loadCommands(); // command changes missed while away
    if (firstSnapshot) {
      firstSnapshot = false;
      loadSparks();
      const saved = sessionStorage.getItem('hw.selected');
      if (saved && store.patients.has(saved)) openPatient(saved);
    }
  } else if (msg.type === 'patient') {
    const p = msg.patient;
    store.patients.set(p.pseudonym, p);
    p.alarms.forEach((a) => upsert(store, a));
    addSpark(p);
  } else if (msg.type === 'alarm') {
    const a = msg.alarm;
    const newHigh = isNewHigh(a);
    upsert(store, a);
    if (newHigh) tone.update(1, true);
  } else if (msg.type === 'removed') {
    // discharged: the row leaves every open board now (its alarms arrived resolved just before)
    store.patients.delete(msg.patientId);
    store.sparks.delete(msg.patientId);
    if (store.selected === msg.patientId) showBoard();
  } else if (msg.type === 'command') {
    page.onCommand(msg.command);
  }
  if (!shownLive) {
    shownLive = true;
    $('#conn-state').textContent = 'live';
  }
  if (msg.type !== 'heartbeat') scheduleRender();
}

function isNewHigh(a) {
  const old = store.alarms.get(a.id);
  return a.priority === 'HIGH' && a.state === 'ACTIVE' && (!old || old.state !== 'ACTIVE');
}

function addSpark(p) {
  const t = p.latest.temp;
  if (!t || t.quality !== 'ok') return;
  const s = store.sparks.get(p.pseudonym) || [];
  if (s.length === 0 || s[s.length - 1][0] < t.atMillis) s.push([t.atMillis, t.value]);
  while (s.length > SPARK_POINTS) s.shift();
  store.sparks.set(p.pseudonym, s);
}

async function loadSparks() {
  for (const id of [...store.patients.keys()].slice(0, 40)) {
    try {
      const h = await getJson(`/api/patients/${encodeURIComponent(id)}/vitals?since=-12h`, true);
      const temp = h.series.temp ? h.series.temp.points.filter((pt) => !pt[2]).map((pt) => [pt[0], pt[1]]) : [];
      const live = store.sparks.get(id) || [];
      const merged = temp.concat(live.filter((pt) => temp.length === 0 || pt[0] > temp[temp.length - 1][0]));
      store.sparks.set(id, merged.slice(-SPARK_POINTS));
    } catch (e) {
      return;
    }
  }
  scheduleRender();
}

function onStale(stale, since) {
  $('#stale-banner').hidden = !stale;
  document.body.classList.toggle('stale', stale);
  $('#conn-state').textContent = stale ? 'reconnecting…' : 'live';
  shownLive = !stale;
  $('#stale-detail').textContent = stale ? `Last update ${fmtAge(Date.now() - since)} ago. Reconnecting…` : '';
}

function openPatient(id) {
  $('#board-view').hidden = true;
  $('#patient-view').hidden = false;
  page.show(id);
  $('#patient-back').focus();
}

function showBoard() {
  const back = store.selected;
  page.hide();
  $('#patient-view').hidden = true;
  $('#board-view').hidden = false;
  board.render();
  if (back) board.focusPatient(back); // keyboard users land on the row they came from
  scheduleRender();
}

async function boot() {
  let me;
  try {
    me = await getJson('/api/me');
  } catch (e) {
    return; // getJson already redirected to sign-in
  }
  clock.sync(me.serverTime);
  $('#current-user').textContent = `${me.user} (${me.role})`;
  $('#nav-admin').hidden = me.role !== 'admin';
  tone = new AlarmTone($('#mute-button'), $('#sound-state'));
  page = new PatientPage(store, $('#patient-view'));
  board = new CensusBoard(store, $('#census-scroll'), openPatient, scheduleRender);
  $('#patient-back').addEventListener('click', showBoard);
  $('#nav-board').addEventListener('click', showBoard);
  document.addEventListener('keydown', (ev) => {
    if (ev.key === 'Escape' && store.selected) showBoard();
  });
  $('#logout-button').addEventListener('click', async () => {
    try { await postJson('/logout', {}); } finally { window.location.assign('/login'); }
  });
  setInterval(() => refreshAges(), 1000);
  new LiveLink({ message: onMessage, stale: onStale }).connect();
}

boot();
