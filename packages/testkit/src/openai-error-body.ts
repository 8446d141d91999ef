/** The JSON body OpenAI answers with on an error (the spec's `ErrorResponse`). */
export interface OpenAIErrorBody {
  error: {
    message: string;
    type: string | null;
    param: string | null;
    code: string | null;
  };
}

/** Builds an OpenAI-shaped error body; `type`, `param` and `code` default to null like the API. */
export function openAIErrorBody(
  message: string,
  fields: { type?: string | null; param?: string | null; code?: string | null } = {},
): OpenAIErrorBody {
  return {
    error: {
      message,
      type: fields.type ?? null,
      param: fields.param ?? null,
      code: fields.code ?? null,
    },
  };
}
