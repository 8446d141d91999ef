import { z } from 'zod';

/** Largest prompt the sample accepts, in characters; the body limit (64 KiB) caps it anyway. */
export const MAX_PROMPT_CHARS = 16_000;

const messageSchema = z.object({
  role: z.enum(['system', 'user', 'assistant']),
  content: z.string().min(1, 'message content must not be empty').max(MAX_PROMPT_CHARS),
});

/**
 * Body of `POST /v1/ask`: either a `prompt` or a list of chat `messages` (exactly one),
 * with optional model and sampling settings. Unknown fields are rejected so typos surface.
 */
export const askRequestSchema = z
  .strictObject({
    prompt: z
      .string()
      .min(1, 'prompt must not be empty')
      .max(MAX_PROMPT_CHARS, `prompt must be at most ${MAX_PROMPT_CHARS} characters`)
      .optional()
      .describe('A single user message.'),
    messages: z
      .array(messageSchema)
      .min(1, 'messages must not be empty')
      .max(64)
      .optional()
      .describe('A chat transcript; the alternative to prompt.'),
    model: z
      .string()
      .min(1)
      .max(128)
      .regex(/^[\w.:/-]+$/, 'model must be a model name such as gpt-4o-mini')
      .optional()
      .describe('Overrides the configured model.'),
    stream: z.boolean().optional().describe('Answer as server-sent events.'),
    maxTokens: z.int().min(1).max(16_384).optional(),
    temperature: z.number().min(0).max(2).optional(),
  })
  .refine((body) => (body.prompt === undefined) !== (body.messages === undefined), {
    message: 'send exactly one of "prompt" or "messages"',
    path: ['prompt'],
  });

/** A validated `POST /v1/ask` body. */
export type AskRequest = z.infer<typeof askRequestSchema>;

/**
 * Turns zod issues into one readable line per problem, e.g. `prompt: prompt must not be empty`.
 * Values are never echoed, so a pasted secret in a wrong field cannot come back in the response.
 */
export function describeIssues(error: z.ZodError): string[] {
  return error.issues.map((issue) => {
    const path = issue.path.map(String).join('.');
    return path === '' ? issue.message : `${path}: ${issue.message}`;
  });
}
