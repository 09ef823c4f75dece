import type { FastifyInstance } from 'fastify';
import type { EmulatorContext } from '../context/emulator-context.js';
import { registerAuthCallbackRoute } from './auth-callback-route.js';
import { registerWorkspaceFormRoutes } from './workspace-form-routes.js';
import { registerWorkspacePageRoutes } from './workspace-page-routes.js';

/**
 * The workspace as a person uses it (SPEC §6): the page, paste, connect, Notion's OAuth callback, delete,
 * disconnect. Every form post carries the session's CSRF token; every answer to a post is a 303 back.
 */
export function registerWorkspaceRoutes(app: FastifyInstance, context: EmulatorContext): void {
  registerWorkspacePageRoutes(app, context);
  registerWorkspaceFormRoutes(app, context);
  registerAuthCallbackRoute(app, context);
}
