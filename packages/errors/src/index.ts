export { isAIError } from './is-ai-error';
