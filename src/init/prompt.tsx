// The terminal flow of `init` without --yes: for each config, confirm or edit the name,
// namespace, ports and health path. Each field starts at the detected value, so Enter
// accepts it. Questions and answers are plain data (pure); the Ink component only asks.
import React, { useRef, useState } from 'react';
import { Box, Text, useInput } from 'ink';
import { dns1123Label } from '../app-config/schema.js';
import { safeLine } from '../terminal/safe-text.js';
import { draftObject, getField, setField, type Draft } from './draft.js';

type QuestionKey = 'name' | 'namespace' | 'ports' | 'health';

export interface Question {
  draft: number;
  key: QuestionKey;
  label: string;
  value: string;
}

type Port = { port: number; protocol?: string; healthCheck?: string };
const portsOf = (d: Draft): Port[] => (draftObject(d).spec as { ports?: Port[] } | undefined)?.ports ?? [];

export function questionsFor(drafts: Draft[]): Question[] {
  return drafts.flatMap((d, i) => {
    const ports = portsOf(d);
    const qs: Question[] = [
      { draft: i, key: 'name', label: 'name', value: String(getField(d, ['metadata', 'name']) ?? '') },
      {
        draft: i,
        key: 'namespace',
        label: 'namespace (empty: the name)',
        value: String(getField(d, ['metadata', 'namespace']) ?? ''),
      },
      {
        draft: i,
        key: 'ports',
        label: 'ports (comma-separated; empty: none)',
        value: ports.map((p) => (p.protocol === 'UDP' ? `${p.port}/udp` : String(p.port))).join(', '),
      },
    ];
    qs.push({
      draft: i,
      key: 'health',
      label: 'health path (empty: probe the port)',
      value: ports.find((p) => p.healthCheck)?.healthCheck ?? '',
    });
    return qs;
  });
}

/** Why an answer cannot be taken, or undefined. */
export function checkAnswer(q: Question, v: string): string | undefined {
  const value = v.trim();
  if (q.key === 'name' || (q.key === 'namespace' && value !== '')) {
    const r = dns1123Label.safeParse(value);
    return r.success ? undefined : r.error.issues[0].message;
  }
  if (q.key === 'ports') {
    for (const part of value
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)) {
      const m = /^(\d+)(\/(tcp|udp))?$/i.exec(part);
      if (!m || Number(m[1]) < 1 || Number(m[1]) > 65535) return `"${part}" is not a port (1-65535, optionally /udp)`;
    }
  }
  if (q.key === 'health' && value !== '' && !/^\/\S*$/.test(value)) return 'a path starts with "/" and has no spaces';
  return undefined;
}

const EDITED = 'entered at the init prompt';

/** The drafts with the answers applied; an unchanged answer keeps its value and source. */
export function applyAnswers(drafts: Draft[], questions: Question[], answers: string[]): Draft[] {
  const out = drafts.map((d) => ({ ...d, fields: [...d.fields], notes: [...d.notes] }));
  const portsChanged = new Set<number>();
  questions.forEach((q, i) => {
    const answer = answers[i]?.trim() ?? q.value;
    // New ports lose their health path unless it is set again, so the health answer then applies too.
    if (answer === q.value && !(q.key === 'health' && portsChanged.has(q.draft))) return;
    if (q.key === 'ports') portsChanged.add(q.draft);
    const d = out[q.draft];
    if (q.key === 'name') setField(d, ['metadata', 'name'], answer, EDITED);
    else if (q.key === 'namespace') {
      d.fields = d.fields.filter((f) => !(f.path[0] === 'metadata' && f.path[1] === 'namespace'));
      if (answer) setField(d, ['metadata', 'namespace'], answer, EDITED);
    } else {
      const before = portsOf(d);
      const ports: Port[] =
        q.key === 'ports'
          ? answer
              .split(',')
              .map((s) => s.trim())
              .filter(Boolean)
              .map((s) => {
                const [n, proto] = s.split('/');
                const old = before.find((p) => p.port === Number(n));
                return old
                  ? { ...old, ...(proto ? { protocol: proto.toLowerCase() === 'udp' ? 'UDP' : 'HTTP' } : {}) }
                  : { port: Number(n), protocol: proto?.toLowerCase() === 'udp' ? 'UDP' : 'HTTP' };
              })
          : before.map((p, j) => {
              const { healthCheck: _drop, ...rest } = p;
              return j ===
                Math.max(
                  0,
                  before.findIndex((x) => x.healthCheck),
                ) && answer
                ? { ...rest, healthCheck: answer }
                : rest;
            });
      const sources = new Map(
        d.fields
          .filter((f) => f.path[1] === 'ports' && f.path.length === 3)
          .map((f) => [(f.value as Port).port, f.source]),
      );
      const isPort = (f: Draft['fields'][number]) => f.path[0] === 'spec' && f.path[1] === 'ports';
      // The new ports take the old ones' place, so the file keeps its order.
      const at = d.fields.findIndex(isPort);
      const kept = d.fields.filter((f) => !isPort(f));
      const fresh = ports.map((p, j) => ({
        path: ['spec', 'ports', j],
        value: p,
        source: sources.get(p.port) ?? EDITED,
      }));
      kept.splice(at < 0 ? kept.length : at, 0, ...fresh);
      d.fields = kept;
    }
  });
  return out;
}

export function InitPrompt({
  drafts,
  questions,
  onDone,
}: {
  drafts: Draft[];
  questions: Question[];
  onDone: (answers: string[] | undefined) => void;
}) {
  // Keys can arrive several in one chunk, each handled before React re-renders: the state
  // lives in a ref and a counter re-renders, so no keystroke works on a stale copy.
  const state = useRef({
    index: 0,
    answers: questions.map((q) => q.value),
    error: undefined as string | undefined,
    done: false,
  });
  const [, rerender] = useState(0);
  const enter = () => {
    const s = state.current;
    s.error = checkAnswer(questions[s.index], s.answers[s.index]);
    if (s.error) return;
    if (s.index + 1 < questions.length) s.index++;
    else {
      s.done = true;
      onDone(s.answers);
    }
  };
  useInput((input, key) => {
    const s = state.current;
    if (s.done) return;
    if (key.escape || (key.ctrl && input === 'c')) {
      s.done = true;
      return onDone(undefined);
    }
    if (key.return) enter();
    else if (key.backspace || key.delete) s.answers[s.index] = s.answers[s.index].slice(0, -1);
    else if (!key.ctrl && !key.meta) {
      // A pasted or fast-typed chunk arrives as one string: Enter and Backspace inside it count too.
      for (const ch of input) {
        if (s.done) break;
        if (ch === '\r' || ch === '\n') enter();
        else if (ch === '\x7f' || ch === '\b') s.answers[s.index] = s.answers[s.index].slice(0, -1);
        else if (ch >= ' ') s.answers[s.index] += ch;
      }
    }
    rerender((n) => n + 1);
  });
  const { index, answers, error } = state.current;
  const q = questions[index];
  const d = drafts[q.draft];
  return (
    <Box flexDirection="column">
      <Text bold>
        {safeLine(d.file)} ({safeLine(d.service)})
      </Text>
      {questions.map((x, i) =>
        x.draft === q.draft && i < index ? (
          <Text key={i} color="gray">
            {'  '}
            {x.label}: {safeLine(answers[i])}
          </Text>
        ) : null,
      )}
      <Text>
        <Text color="cyan">› {q.label}: </Text>
        {safeLine(answers[index])}
        <Text inverse> </Text>
      </Text>
      {error ? <Text color="red"> {safeLine(error)}</Text> : null}
      <Text color="gray">
        {' '}
        Enter accepts · Backspace edits · Esc cancels ({index + 1}/{questions.length})
      </Text>
    </Box>
  );
}

/** Asks on the terminal; undefined when the user cancels. */
export async function promptDrafts(drafts: Draft[]): Promise<Draft[] | undefined> {
  const { render } = await import('ink');
  const questions = questionsFor(drafts);
  const answers = await new Promise<string[] | undefined>((resolve) => {
    const app = render(
      <InitPrompt
        drafts={drafts}
        questions={questions}
        onDone={(a) => {
          app.unmount();
          resolve(a);
        }}
      />,
      // Only reached with a terminal on both ends: draw live frames even where CI=true
      // (Ink otherwise holds every frame back until exit there, and the questions never show).
      { exitOnCtrlC: false, interactive: Boolean(process.stdout.isTTY) },
    );
  });
  return answers ? applyAnswers(drafts, questions, answers) : undefined;
}
