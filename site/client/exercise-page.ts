/**
 * The exercise page: connect to the runner, show the learner's file, run
 * checks into the terminal and turn the verdict into the checklist and the
 * diagrams of what went over the wire.
 */
import type { CheckResult } from '../../schema/check-result.ts';
import { api, RunnerUnavailable, showRunnerNotice } from './api.ts';
import { renderChecklist } from './checklist.ts';
import { RunnerConnection, type Session, type SessionKind } from './runner-connection.ts';
import { TerminalPane } from './terminal-pane.ts';
import { getToken } from './token.ts';
import { createTraceView } from './trace-view.ts';

interface Progress {
  exercises: Record<string, { passed: boolean; lastResult?: CheckResult }>;
}

export async function startExercisePage(root: HTMLElement): Promise<void> {
  const exercise = root.dataset.exercise!;
  const $ = <T extends HTMLElement>(selector: string) => root.querySelector<T>(selector)!;
  const button = (action: string) => $<HTMLButtonElement>(`[data-action="${action}"]`);
  const checklist = $<HTMLElement>('[data-checklist]');
  const summary = $<HTMLElement>('[data-summary]');
  const traceView = createTraceView($('[data-trace]'));
  const showResult = (result: CheckResult) => {
    renderChecklist(checklist, summary, result);
    traceView.show(result);
  };
  const checkPane = new TerminalPane($('[data-terminal="check"]'), 'Check output');
  let secondPane: TerminalPane | undefined;
  const running = new Map<TerminalPane, Session>();

  const fail = (error: unknown) => showRunnerNotice(error instanceof RunnerUnavailable ? error.message : String(error));

  const refreshFile = async () => {
    const file = await api<{ path: string; html: string }>(`/api/exercises/${exercise}/file`);
    $('[data-file-path]').textContent = file.path;
    $('[data-code]').innerHTML = file.html;
  };
  const renderHints = (shown: string[], total: number) => {
    $('[data-hints]').replaceChildren(
      ...shown.map((hint) => {
        const item = document.createElement('li');
        item.textContent = hint;
        return item;
      }),
    );
    const hintButton = button('hint');
    hintButton.disabled = shown.length >= total;
    hintButton.textContent = shown.length >= total ? 'No more hints' : `Show hint ${shown.length + 1} of ${total}`;
  };

  const token = getToken();
  if (!token) {
    showRunnerNotice('no-token');
    checkPane.notice('Not connected to the runner: open the link that `npm start` printed.');
    return;
  }
  let connection: RunnerConnection;
  try {
    await api(`/api/exercises/${exercise}/open`, { method: 'POST' });
    connection = await RunnerConnection.open(token);
  } catch (error) {
    return fail(error);
  }
  for (const action of ['check', 'program', 'shell']) button(action).disabled = false;

  void refreshFile().catch(fail);
  api<{ shown: string[]; total: number }>(`/api/exercises/${exercise}/hints`).then((h) => renderHints(h.shown, h.total), fail);
  api<Progress>('/api/progress').then((progress) => {
    const last = progress.exercises[exercise]?.lastResult;
    if (last) showResult(last);
  }, fail);
  window.addEventListener('focus', () => void refreshFile().catch(fail));

  const updateStop = () => (button('stop').disabled = running.size === 0);

  const start = (kind: SessionKind) => {
    let pane = checkPane;
    if (kind !== 'check') {
      $('[data-second]').hidden = false;
      $('[data-second-title]').textContent = kind === 'shell' ? 'Shell in your exercise folder' : 'Your program';
      secondPane ??= new TerminalPane($('[data-terminal="second"]'), kind === 'shell' ? 'Shell' : 'Program output');
      pane = secondPane;
    }
    running.get(pane)?.kill();
    pane.clear();
    if (kind === 'check') {
      button('check').disabled = true;
      summary.removeAttribute('data-status');
      summary.textContent = 'Checking…';
    }
    const session = connection.start(kind, exercise, pane.size, {
      output: (data) => pane.write(data),
      result: showResult,
      error: (message) => pane.notice(message),
      exit: (code, reason) => {
        running.delete(pane);
        pane.attach(undefined);
        if (kind === 'check') {
          button('check').disabled = false;
          void refreshFile().catch(fail);
        } else {
          pane.notice(`[exited${reason ? `: ${reason}` : ` with code ${code}`}]`);
        }
        if (reason === 'disconnected') showRunnerNotice('offline');
        updateStop();
      },
    });
    pane.attach(session);
    running.set(pane, session);
    if (kind !== 'check') pane.term.focus();
    updateStop();
  };

  button('check').addEventListener('click', () => start('check'));
  button('program').addEventListener('click', () => start('program'));
  button('shell').addEventListener('click', () => start('shell'));
  button('stop').addEventListener('click', () => {
    for (const session of running.values()) session.kill();
  });
  button('hint').addEventListener('click', () => {
    api<{ shown: string[]; total: number }>(`/api/exercises/${exercise}/hints`, { method: 'POST' }).then((h) => renderHints(h.shown, h.total), fail);
  });
  button('reset').addEventListener('click', () => {
    if (!confirm('Replace your solution.ts with the starter? Your current file is kept as a backup in workspace/.backups/.')) return;
    api<{ backup?: string }>(`/api/exercises/${exercise}/reset`, { method: 'POST', body: { confirm: true } }).then((r) => {
      checkPane.notice(`Reset to the starter.${r.backup ? ` Backup: ${r.backup}` : ''}`);
      return refreshFile();
    }, fail);
  });
}
