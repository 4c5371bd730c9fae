// The card's Python editor: CodeMirror 6 with Python highlighting, line numbers, undo history,
// bracket matching, completion (Python names, and the dataset's column names inside quotes),
// Ctrl/Cmd+Enter to run, and the failing line of the last run highlighted. Loaded on demand
// (React.lazy) so CodeMirror stays out of the app's first download.
import {
  autocompletion,
  closeBrackets,
  closeBracketsKeymap,
  closeCompletion,
  completionKeymap,
  type CompletionContext,
} from '@codemirror/autocomplete';
import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
import { python, pythonLanguage } from '@codemirror/lang-python';
import {
  bracketMatching,
  defaultHighlightStyle,
  indentOnInput,
  syntaxHighlighting,
} from '@codemirror/language';
import { Compartment, EditorState, Prec, StateEffect, StateField } from '@codemirror/state';
import {
  Decoration,
  type DecorationSet,
  drawSelection,
  EditorView,
  highlightActiveLine,
  highlightActiveLineGutter,
  highlightSpecialChars,
  keymap,
  lineNumbers,
} from '@codemirror/view';
import { useEffect, useImperativeHandle, useLayoutEffect, useRef, type Ref } from 'react';

export interface CodeEditorHandle {
  /** Replaces the selection with `text` (a column name), then focuses the editor. */
  insert(text: string): void;
  /** Puts the cursor on line `line` (1-based) and scrolls it into view. */
  goToLine(line: number): void;
}

interface Props {
  value: string;
  onChange: (code: string) => void;
  onRun: () => void;
  readOnly: boolean;
  /** 1-based line to mark as failing, or null. */
  errorLine: number | null;
  /** Column names offered as completions inside quotes. */
  columns: readonly string[];
  /** Accessible name of the editing area. */
  label: string;
  ref?: Ref<CodeEditorHandle>;
}

const setErrorLine = StateEffect.define<number | null>();
const errorLineMark = Decoration.line({ class: 'cm-errorLine', attributes: { 'data-error': '' } });

/** The failing line's decoration; it moves with edits above it and is cleared by a new run. */
const errorLineField = StateField.define<DecorationSet>({
  create: () => Decoration.none,
  update(marks, transaction) {
    let next = marks.map(transaction.changes);
    for (const effect of transaction.effects) {
      if (!effect.is(setErrorLine)) continue;
      const line = effect.value;
      const doc = transaction.state.doc;
      next =
        line !== null && line >= 1 && line <= doc.lines
          ? Decoration.set([errorLineMark.range(doc.line(line).from)])
          : Decoration.none;
    }
    return next;
  },
  provide: (field) => EditorView.decorations.from(field),
});

const theme = EditorView.theme({
  '&': { height: '100%', fontSize: '14px', backgroundColor: 'var(--color-surface, #fff)' },
  '.cm-scroller': { fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace', lineHeight: '1.5' },
  '.cm-content': { minHeight: '100%' },
  '.cm-errorLine': { backgroundColor: 'rgba(220, 38, 38, 0.16)' },
  '.cm-errorLine.cm-activeLine': { backgroundColor: 'rgba(220, 38, 38, 0.22)' },
});

export default function CodeEditor({
  value,
  onChange,
  onRun,
  readOnly,
  errorLine,
  columns,
  label,
  ref,
}: Props) {
  const hostRef = useRef<HTMLDivElement>(null);
  const viewRef = useRef<EditorView | null>(null);
  const readOnlyCompartment = useRef(new Compartment());
  // The latest callbacks and columns, read by the editor's extensions when they fire.
  // Updated right after each render (before the next key press can reach the editor).
  const latest = useRef({ onChange, onRun, columns });
  useLayoutEffect(() => {
    latest.current = { onChange, onRun, columns };
  });

  useEffect(() => {
    const columnCompletions = (context: CompletionContext) => {
      const quoted = context.matchBefore(/["'][^"'\n]*/);
      if (!quoted || latest.current.columns.length === 0) return null;
      return {
        from: quoted.from + 1,
        options: latest.current.columns.map((name) => ({ label: name, type: 'property' })),
        validFor: /^[^"'\n]*$/,
      };
    };
    const run = (view: EditorView) => {
      closeCompletion(view);
      latest.current.onRun();
      return true;
    };
    const view = new EditorView({
      parent: hostRef.current!,
      state: EditorState.create({
        doc: value,
        extensions: [
          lineNumbers(),
          highlightActiveLineGutter(),
          highlightSpecialChars(),
          history(),
          drawSelection(),
          indentOnInput(),
          syntaxHighlighting(defaultHighlightStyle, { fallback: true }),
          bracketMatching(),
          closeBrackets(),
          autocompletion(),
          highlightActiveLine(),
          python(),
          pythonLanguage.data.of({ autocomplete: columnCompletions }),
          Prec.highest(keymap.of([{ key: 'Mod-Enter', run, preventDefault: true }])),
          keymap.of([
            ...closeBracketsKeymap,
            ...defaultKeymap,
            ...historyKeymap,
            ...completionKeymap,
            indentWithTab,
          ]),
          errorLineField,
          theme,
          readOnlyCompartment.current.of(EditorState.readOnly.of(readOnly)),
          EditorView.contentAttributes.of({ 'aria-label': label }),
          EditorView.updateListener.of((update) => {
            if (update.docChanged) latest.current.onChange(update.state.doc.toString());
          }),
        ],
      }),
    });
    viewRef.current = view;
    return () => {
      view.destroy();
      viewRef.current = null;
    };
    // Created once; later changes of the props are applied by the effects below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  // A value from outside (not typed here) replaces the text.
  useEffect(() => {
    const view = viewRef.current;
    if (!view || view.state.doc.toString() === value) return;
    view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: value } });
  }, [value]);

  useEffect(() => {
    viewRef.current?.dispatch({
      effects: readOnlyCompartment.current.reconfigure(EditorState.readOnly.of(readOnly)),
    });
  }, [readOnly]);

  useEffect(() => {
    const view = viewRef.current;
    if (!view) return;
    const effects: StateEffect<unknown>[] = [setErrorLine.of(errorLine)];
    if (errorLine !== null && errorLine >= 1 && errorLine <= view.state.doc.lines)
      effects.push(EditorView.scrollIntoView(view.state.doc.line(errorLine).from, { y: 'center' }));
    view.dispatch({ effects });
  }, [errorLine]);

  useImperativeHandle(ref, () => ({
    insert(text) {
      const view = viewRef.current;
      if (!view || view.state.readOnly) return;
      view.dispatch(view.state.replaceSelection(text), { scrollIntoView: true });
      view.focus();
    },
    goToLine(line) {
      const view = viewRef.current;
      if (!view || line < 1 || line > view.state.doc.lines) return;
      const at = view.state.doc.line(line).from;
      view.dispatch({ selection: { anchor: at }, scrollIntoView: true });
      view.focus();
    },
  }));

  return <div ref={hostRef} className="code-editor" data-testid="code-editor" />;
}
