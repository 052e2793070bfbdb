// The live WebSocket: automatic reconnect with full resync (the server sends a snapshot on every
// connect) and a watchdog. The server sends a heartbeat every 2 s; after STALE_MS without any
// message, or at once when the socket closes, the link is declared lost.
import { clock } from './dom.js';

const STALE_MS = 5000;
const MAX_BACKOFF_MS = 5000;
// Flow control: the gateway sends at most WINDOW patient updates ahead of what this page has
// handled, and keeps the rest conflated (newest per patient), so a busy page never works through
// a backlog of stale values. Credit goes back in batches of WINDOW / 4.
const WINDOW = 64;

export class LiveLink {
  constructor(handlers) {
    this.handlers = handlers; // {message(msg), stale(isStale, sinceMillis)}
    this.ws = null;
    this.lastMessage = Date.now(); // grace period for the first connection
    this.stale = false;
    this.lostSince = Date.now();
    this.backoff = 500;
    this.timer = setInterval(() => this.watch(), 500);
  }

  connect() {
    const scheme = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
    let ws;
    try {
      ws = new WebSocket(`${scheme}//${window.location.host}/ws`);
    } catch (e) {
      this.scheduleReconnect();
      return;
    }
    this.ws = ws;
    this.handled = 0;
    ws.onopen = () => ws.send(JSON.stringify({ type: 'credit', n: WINDOW }));
    ws.onmessage = (ev) => this.onMessage(ev);
    ws.onclose = (ev) => this.onClose(ev);
    ws.onerror = () => { /* onclose follows */ };
  }

  onMessage(ev) {
    let msg;
    try { msg = JSON.parse(ev.data); } catch (e) { return; }
    this.lastMessage = Date.now();
    this.backoff = 500;
    clock.sync(msg.serverTime);
    if (this.stale) this.setStale(false);
    this.handlers.message(msg);
    if (msg.type === 'patient' && ++this.handled >= WINDOW / 4 && this.ws) {
      this.ws.send(JSON.stringify({ type: 'credit', n: this.handled }));
      this.handled = 0;
    }
  }

  onClose(ev) {
    this.ws = null;
    if (ev.code === 4401) {
      window.location.assign('/login');
      return;
    }
    this.setStale(true);
    this.scheduleReconnect();
  }

  scheduleReconnect() {
    const wait = this.backoff;
    this.backoff = Math.min(MAX_BACKOFF_MS, this.backoff * 2);
    setTimeout(() => this.reconnectIfNeeded(), wait);
  }

  async reconnectIfNeeded() {
    if (this.ws) return;
    // A failed upgrade looks like any other close to a WebSocket; ask the API whether we are still signed in.
    try {
      const res = await fetch('/api/me', { credentials: 'same-origin', headers: { 'X-Homeward-Background': '1' } });
      if (res.status === 401) {
        window.location.assign('/login');
        return;
      }
    } catch (e) {
      // server unreachable: keep trying
    }
    this.connect();
  }

  watch() {
    if (!this.stale && Date.now() - this.lastMessage > STALE_MS) {
      this.setStale(true);
      const ws = this.ws;
      if (ws) {
        // A silent (half-open) socket: drop it and resync on a fresh connection.
        this.ws = null;
        ws.onclose = null;
        ws.onmessage = null;
        ws.close();
        this.scheduleReconnect();
      }
    }
    if (this.stale) this.handlers.stale(true, this.lostSince);
  }

  setStale(stale) {
    if (stale && !this.stale) this.lostSince = this.lastMessage || Date.now();
    this.stale = stale;
    this.handlers.stale(stale, this.lostSince);
  }
}
