/**
 * The editor of a choice cell: a text box over the list of the column's choices. Typing a letter on
 * the focused cell opens it with that letter typed, the list filtered to matching choices
 * (matchChoices) and the first one highlighted; arrows move the highlight, Enter picks it, a click
 * picks one, Escape leaves the cell as it was. Opened without typing (double-click, F2, Enter), it
 * shows every choice, an empty one first to clear the cell, the current value highlighted.
 * What no choice matches stays as typed, and the usual check refuses it with its message.
 */
import type { CustomCellEditorProps } from "ag-grid-react";
import { type KeyboardEvent, useId, useLayoutEffect, useMemo, useRef, useState } from "react";
import type { CellValue, Row } from "../../../shared/dataset/index.ts";
import { matchChoices } from "./matchChoices.ts";

export type ChoiceEditorParams = {
  choices: readonly string[];
  /** The column's name: the text box and the list are named after it. */
  label: string;
  /** How the empty choice reads, e.g. "(empty)". */
  emptyLabel: string;
  locale: string;
};

type Props = CustomCellEditorProps<Row, CellValue> & ChoiceEditorParams;

export function ChoiceEditor({
  choices,
  label,
  emptyLabel,
  locale,
  eventKey,
  value,
  onValueChange,
  stopEditing,
}: Props) {
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [text, setText] = useState(() => (eventKey && eventKey.length === 1 && eventKey !== " " ? eventKey : ""));
  const options = useMemo(
    () => (text.trim() === "" ? ["", ...choices] : matchChoices(choices, text, locale)),
    [choices, text, locale],
  );
  const [active, setActive] = useState(() =>
    text === "" ? Math.max(0, options.indexOf(typeof value === "string" ? value : "")) : 0,
  );
  const chosen = options[active] ?? text;

  // The grid commits whatever was last reported: keep it the highlighted choice.
  useLayoutEffect(() => {
    onValueChange(chosen);
  }, [chosen, onValueChange]);

  useLayoutEffect(() => {
    const box = input.current;
    if (!box) return;
    // AG Grid wraps popup editors in an unnamed role="dialog": it gets the column's name too.
    box.closest('[role="dialog"]')?.setAttribute("aria-label", label);
    box.focus();
    box.setSelectionRange(box.value.length, box.value.length);
  }, [label]);

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    const last = options.length - 1;
    const moves: Record<string, number> = {
      ArrowDown: Math.min(last, active + 1),
      ArrowUp: Math.max(0, active - 1),
    };
    const next = moves[event.key];
    if (next === undefined || last < 0) return;
    // The highlight moves; the grid does not move to another cell.
    event.preventDefault();
    event.stopPropagation();
    setActive(next);
  };

  const listId = `${id}-choices`;
  return (
    <div className="choice-editor">
      <input
        ref={input}
        role="combobox"
        aria-label={label}
        aria-expanded="true"
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={options.length > 0 ? `${id}-${active}` : undefined}
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          setActive(0);
        }}
        onKeyDown={onKeyDown}
      />
      <div id={listId} role="listbox" aria-label={label}>
        {options.map((option, i) => (
          <div
            key={option}
            id={`${id}-${i}`}
            role="option"
            tabIndex={-1}
            aria-selected={i === active}
            className={option === "" ? "muted" : undefined}
            // Pressed, not clicked: the text box keeps the focus until the choice is taken.
            onMouseDown={(e) => {
              e.preventDefault();
              onValueChange(option);
              stopEditing();
            }}
          >
            {option === "" ? emptyLabel : option}
          </div>
        ))}
      </div>
    </div>
  );
}
