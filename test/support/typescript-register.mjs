// `node --import ./test/support/typescript-register.mjs`: lets Node tests import the
// TypeScript sources directly (see typescript-hooks.mjs).
import { register } from 'node:module';

register('./typescript-hooks.mjs', import.meta.url);
