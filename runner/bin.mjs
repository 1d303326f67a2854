#!/usr/bin/env node
// The `sockets-lab` command: registers TypeScript support, then runs the CLI.
import { register } from 'tsx/esm/api';

register();
await import('./cli.ts');
