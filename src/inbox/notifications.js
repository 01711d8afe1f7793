// A sound and a desktop notice for new guest messages: off unless this browser's staff member turns them on.
const KEY = 'inbox.notifyGuestMessages';

let audio = null;

export function notificationsEnabled() {
  return localStorage.getItem(KEY) === 'on';
}

/** Remembers the choice in this browser; turning it on asks for the desktop-notice permission (a user gesture). */
export async function setNotificationsEnabled(enabled) {
  localStorage.setItem(KEY, enabled ? 'on' : 'off');
  if (!enabled) return;
  // Browsers let a page play sound only once a gesture has started its audio; this toggle is one.
  audio ??= new AudioContext();
  if ('Notification' in window && Notification.permission === 'default') await Notification.requestPermission();
}

function beep() {
  audio ??= new AudioContext();
  audio.resume().catch(() => {});
  const oscillator = audio.createOscillator();
  const gain = audio.createGain();
  oscillator.frequency.value = 880;
  gain.gain.setValueAtTime(0.15, audio.currentTime);
  gain.gain.exponentialRampToValueAtTime(0.001, audio.currentTime + 0.3);
  oscillator.connect(gain).connect(audio.destination);
  oscillator.start();
  oscillator.stop(audio.currentTime + 0.3);
}

/** Tells of a new guest message, when enabled: a short tone and, if permitted, a desktop notice (plain text). */
export function notifyGuestMessage({ guest, text, threadId }) {
  if (!notificationsEnabled()) return;
  beep();
  if ('Notification' in window && Notification.permission === 'granted') {
    new Notification(`New message from ${guest}`, { body: text, tag: threadId });
  }
}
