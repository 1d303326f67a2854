// @ts-check
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import { socketsLabRunner } from './runner/astro-integration.ts';
import { CODE_THEMES } from './runner/highlight.ts';

export default defineConfig({
  srcDir: './site',
  outDir: './dist',
  // The runner binds loopback only; the dev server must too.
  server: { host: '127.0.0.1', port: 4321 },
  trailingSlash: 'ignore',
  integrations: [mdx(), socketsLabRunner()],
  markdown: {
    shikiConfig: { themes: CODE_THEMES, defaultColor: false },
  },
  devToolbar: { enabled: false },
});
