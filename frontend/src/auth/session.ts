// The signed-in session: the bearer token and who it belongs to, kept in sessionStorage so it
// lasts as long as the browser tab and is gone when the tab closes. Components read it with
// useSession(); the API client reads the token and ends the session on a 401.
import { useSyncExternalStore } from 'react';
import type { User } from '../api/types';

const storageKey = 'bi.session';
const endReasonKey = 'bi.sessionEnded';

export interface Session {
  token: string;
  user: User;
}

/** Why the last session ended: the login page says "your session has ended" for `expired`. */
export type EndReason = 'logout' | 'expired';

type Listener = () => void;
const listeners = new Set<Listener>();
// The last parsed text and its value: reads of unchanged storage return the same object
// (useSyncExternalStore needs that).
let cachedText: string | null = null;
let cached: Session | null = null;

export function getSession(): Session | null {
  let text: string | null;
  try {
    text = sessionStorage.getItem(storageKey);
  } catch {
    return null; // storage blocked: signed out
  }
  if (text === cachedText) return cached;
  cachedText = text;
  try {
    const parsed = text ? (JSON.parse(text) as Partial<Session>) : null;
    cached = parsed?.token && parsed.user ? (parsed as Session) : null;
  } catch {
    cached = null; // garbage: signed out
  }
  return cached;
}

export function startSession(session: Session) {
  sessionStorage.setItem(storageKey, JSON.stringify(session));
  sessionStorage.removeItem(endReasonKey);
  listeners.forEach((listener) => listener());
}

export function endSession(reason: EndReason) {
  if (getSession() === null) return;
  sessionStorage.removeItem(storageKey);
  sessionStorage.setItem(endReasonKey, reason);
  listeners.forEach((listener) => listener());
}

/** Reads and forgets why the last session ended. */
export function takeEndReason(): EndReason | null {
  const reason = sessionStorage.getItem(endReasonKey);
  sessionStorage.removeItem(endReasonKey);
  return reason === 'logout' || reason === 'expired' ? reason : null;
}

export function subscribeSession(listener: Listener) {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

/** The current session; re-renders when it starts or ends. */
export function useSession(): Session | null {
  return useSyncExternalStore(subscribeSession, getSession, getSession);
}
