/** The learner's file as highlighted HTML for the exercise page, with the same shiki themes as the lessons. */
import { createHighlighter, type Highlighter } from 'shiki';

export const CODE_THEMES = { light: 'github-light', dark: 'github-dark' } as const;

let highlighter: Promise<Highlighter> | undefined;

export async function highlightTypeScript(code: string): Promise<string> {
  highlighter ??= createHighlighter({ themes: Object.values(CODE_THEMES), langs: ['typescript'] });
  return (await highlighter).codeToHtml(code, { lang: 'typescript', themes: CODE_THEMES, defaultColor: false });
}
