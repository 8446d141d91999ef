/** What a {@link PipelineResponse} carries: a body already read, or a stream the pipeline made. */
export type PipelineBody =
  | { readonly text: string }
  | { readonly stream: ReadableStream<Uint8Array> };

/** Status line and headers of a {@link PipelineResponse}: usually the received `Response`. */
export interface PipelineResponseInit {
  readonly status: number;
  readonly statusText: string;
  readonly headers: Headers;
}

/**
 * A `Response` (a real subclass: `instanceof Response` holds) whose body the pipeline supplies:
 * the text it buffered inside the attempt, or the stream it guards. The SDK reads exactly one of
 * them (`text()` for JSON, `body` for SSE),
 * so that read is served directly, without building the fetch body machinery (a body stream
 * per response) again. Any other read (`json()`, `arrayBuffer()`, `clone()`... from code that
 * asked for the raw response) goes to an ordinary `Response` made on first use, with the usual
 * one-read rule. `headers` is the received response's own `Headers` object (as with the bare SDK,
 * a fetched response's headers are immutable), not a copy: copying validates every header again.
 */
class PipelineResponse extends (Response as unknown as new (
  body: null,
  init: PipelineResponseInit,
) => object) {
  readonly #source: PipelineBody;
  readonly #headers: Headers;
  #full: Response | undefined;
  #textTaken = false;

  constructor(source: PipelineBody, from: PipelineResponseInit) {
    super(null, { status: from.status, statusText: from.statusText } as PipelineResponseInit);
    this.#source = source;
    this.#headers = from.headers;
  }

  get headers(): Headers {
    return this.#headers;
  }

  #response(): Response {
    if (this.#full === undefined) {
      // An empty text is no body (a 204 may not have one).
      const body = 'text' in this.#source ? this.#source.text || null : this.#source.stream;
      const { status, statusText } = this as unknown as Response;
      this.#full = new Response(body, { status, statusText, headers: this.#headers });
    }
    return this.#full;
  }

  /** A read through the ordinary `Response`; rejects once `text()` took the buffered body. */
  #read<T>(read: (response: Response) => Promise<T>): Promise<T> {
    if (this.#textTaken) {
      return Promise.reject(new TypeError('Body is unusable: Body has already been read'));
    }
    return read(this.#response());
  }

  get body(): ReadableStream<Uint8Array> | null {
    if (this.#textTaken) return null;
    if ('stream' in this.#source && this.#full === undefined) return this.#source.stream;
    return this.#response().body;
  }

  get bodyUsed(): boolean {
    if (this.#textTaken) return true;
    if (this.#full !== undefined) return this.#full.bodyUsed;
    return 'stream' in this.#source && this.#source.stream.locked;
  }

  text(): Promise<string> {
    if ('text' in this.#source && this.#full === undefined && !this.#textTaken) {
      this.#textTaken = true;
      return Promise.resolve(this.#source.text);
    }
    return this.#read((response) => response.text());
  }

  json(): Promise<unknown> {
    return this.#read((response) => response.json());
  }

  arrayBuffer(): Promise<ArrayBuffer> {
    return this.#read((response) => response.arrayBuffer());
  }

  blob(): Promise<Blob> {
    return this.#read((response) => response.blob());
  }

  bytes(): Promise<Uint8Array> {
    return this.#read((response) => response.bytes());
  }

  formData(): Promise<FormData> {
    return this.#read((response) => response.formData());
  }

  clone(): Response {
    if (this.#textTaken) throw new TypeError('Response.clone: Body has already been consumed.');
    return this.#response().clone();
  }
}

/**
 * Builds a {@link PipelineResponse} with the status line and headers of `from` (pass the
 * received response itself: nothing of it but those three is kept).
 */
export function pipelineResponse(source: PipelineBody, from: PipelineResponseInit): Response {
  return new PipelineResponse(source, from) as unknown as Response;
}
