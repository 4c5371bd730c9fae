// A stand-in for XMLHttpRequest that records what was sent and lets a test drive the upload
// progress events and the answer.
export class FakeXhr {
  static last: FakeXhr | null = null;
  method = '';
  url = '';
  headers: Record<string, string> = {};
  body: FormData | null = null;
  status = 0;
  responseText = '';
  responseType = '';
  responseHeaders: Record<string, string> = {};
  aborted = false;
  private listeners = new Map<string, ((event: unknown) => void)[]>();
  private uploadListeners = new Map<string, ((event: unknown) => void)[]>();
  upload = {
    addEventListener: (type: string, fn: (event: unknown) => void) =>
      this.uploadListeners.set(type, [...(this.uploadListeners.get(type) ?? []), fn]),
  };

  constructor() {
    FakeXhr.last = this;
  }
  open(method: string, url: string) {
    this.method = method;
    this.url = url;
  }
  setRequestHeader(name: string, value: string) {
    this.headers[name] = value;
  }
  addEventListener(type: string, fn: (event: unknown) => void) {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), fn]);
  }
  getResponseHeader(name: string) {
    return this.responseHeaders[name] ?? null;
  }
  send(body: FormData) {
    this.body = body;
  }
  abort() {
    this.aborted = true;
    this.listeners.get('abort')?.forEach((fn) => fn({}));
  }

  // Test controls
  progress(loaded: number, total: number) {
    this.uploadListeners
      .get('progress')
      ?.forEach((fn) => fn({ lengthComputable: true, loaded, total }));
  }
  finishUpload(total: number) {
    this.uploadListeners.get('load')?.forEach((fn) => fn({ total }));
  }
  respond(status: number, body: unknown, headers: Record<string, string> = {}) {
    this.status = status;
    this.responseText = JSON.stringify(body);
    this.responseHeaders = headers;
    this.listeners.get('load')?.forEach((fn) => fn({}));
  }
}
