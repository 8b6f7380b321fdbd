import path from 'node:path';
import type { ViewEngine } from './engine';

/**
 * The form builder the views use (forms-admin's `govuk_text_field :name`): bound to a form's locale
 * prefix, values and errors, `f.text('email', { type: 'email' })` writes the label, hint, message,
 * `aria-describedby` and the value from the field's name. The HTML lives in the partials
 * (views/partials/field.ejs, select.ejs, textarea.ejs, checkbox.ejs, choices.ejs, radio.ejs), which
 * escape every value; the builder only chooses their locals, so a page prints its result with `<%-`
 * exactly as it would print an include.
 */

/** A locale key, or a key with its interpolation values (the shape of a field error, too). */
export type Message = string | { key: string; params: Record<string, string | number> };

export type Translate = (key: string, params?: Record<string, unknown>) => string;

/** Renders views/partials/<name>.ejs with exactly these locals. */
export type RenderPartial = (name: string, locals: Record<string, unknown>) => string;

export interface BuilderContext {
  t: Translate;
  errorText: (error: Message) => string;
  render: RenderPartial;
}

type Values = Record<string, unknown>;
type Errors = Record<string, Message | undefined>;

interface Labelled {
  /** The label's locale key; `<prefix>.<name>` when not given. */
  label?: string;
  /** The hint's locale key (or key and params); `optional: true` is the common «Opcional». */
  hint?: Message | null;
  optional?: boolean;
}

export interface TextOptions extends Labelled {
  type?: string;
  autocomplete?: string;
  /** The value shown; `values[name]` when not given. */
  value?: unknown;
  /** Shown, not typed: the login beside a new password, for password managers. */
  readonly?: boolean;
}

export interface SelectOption {
  value: string | number;
  text: string;
}

/** Options under a heading (`<optgroup>`). */
export interface SelectGroup {
  label: string;
  options: readonly SelectOption[];
}

export interface SelectOptions extends Labelled {
  value?: unknown;
  /** A first option with the empty value and this locale key as its text («Elige…», «Todos»). */
  blank?: string;
}

export interface CheckboxOptions extends Labelled {
  id?: string;
  value?: string;
  checked?: boolean;
}

/** One box of a group: a plain value (labelled by key patterns) or a value with its own texts. */
export type Choice = string | { value: string | number; label: string; hint?: string | null };

export interface GroupOptions {
  /** The legend's locale key; `<prefix>.<name>` when not given. */
  legend?: string;
  hint?: Message | null;
  /** A warning under the legend (a locale key). */
  warning?: string;
  /** Key patterns for each box's label and hint; `%s` is the box's value. */
  labels?: string;
  hints?: string;
  /** Each box's id is `<idPrefix>-<value>`; `<name>` when not given. */
  idPrefix?: string;
  /** The boxes ticked (checkboxes) or the value chosen (radio buttons; `values[name]` when not given). */
  checked?: readonly unknown[];
  value?: unknown;
  /** The fieldset's class: `checkboxes` / `choices` by default. */
  className?: string;
  /** Radio buttons laid out as bordered cards (`choice`) or as plain rows (`checkbox`). */
  row?: 'checkbox' | 'choice';
  grid?: boolean;
  strong?: boolean;
}

export interface RadioOptions {
  id: string;
  ariaLabel: string;
  checked: boolean;
}

const OPTIONAL_HINT = 'customer.profile.show.optional';

const asText = (value: unknown) => (typeof value === 'string' || typeof value === 'number' ? String(value) : '');

/** Renders views/partials/<name>.ejs through the app's view engine (compiled once when its cache is on). */
export function partialRenderer(viewsDir: string, engine: ViewEngine): RenderPartial {
  return (name, locals) => engine.render(path.join(viewsDir, 'partials', `${name}.ejs`), locals);
}

export type FormBuilder = ReturnType<typeof formBuilder>;

/** A builder for one form: `prefix` is the locale prefix of its labels (`customer.contacts.fields`). */
export function formBuilder(context: BuilderContext, prefix: string, values: Values = {}, errors: Errors = {}) {
  const { t, errorText, render } = context;
  const text = (message: Message | null | undefined) =>
    message ? (typeof message === 'string' ? t(message) : t(message.key, message.params)) : null;
  const labelOf = (name: string, key: string | undefined) => t(key ?? `${prefix}.${name}`);
  const hintOf = (options: Labelled) => (options.optional ? t(OPTIONAL_HINT) : text(options.hint));
  const valueOf = (name: string, options: { value?: unknown }) => ('value' in options ? options.value : values[name]);
  const fill = (pattern: string | undefined, value: string) => (pattern ? t(pattern.replace('%s', value)) : null);

  function group(type: 'checkbox' | 'radio', name: string, choices: readonly Choice[], options: GroupOptions) {
    const chosen = type === 'radio' ? asText(valueOf(name, options)) : null;
    const ticked = (options.checked ?? []).map(asText);
    const items = choices.map((choice) => {
      const item = typeof choice === 'string' ? { value: choice, label: null, hint: null } : choice;
      const value = String(item.value);
      return {
        type,
        name: type === 'checkbox' ? `${name}[]` : name,
        value,
        id: `${options.idPrefix ?? name}-${value}`,
        label: item.label ?? fill(options.labels, value) ?? value,
        hint: item.hint ?? fill(options.hints, value),
        checked: type === 'radio' ? value === chosen : ticked.includes(value),
        row: options.row ?? (type === 'radio' ? 'choice' : 'checkbox'),
        strong: options.strong ?? false,
      };
    });
    return render('choices', {
      name,
      legend: labelOf(name, options.legend),
      hint: text(options.hint),
      warning: text(options.warning),
      error: errors[name] ?? null,
      errorText,
      className: options.className ?? (type === 'radio' ? 'choices' : 'checkboxes'),
      grid: options.grid ?? false,
      items,
    });
  }

  return {
    /** An input: text by default, or `type: 'email' | 'tel' | 'password' | 'search'`. */
    text(name: string, options: TextOptions = {}): string {
      return render('field', {
        name,
        label: labelOf(name, options.label),
        type: options.type ?? 'text',
        value: valueOf(name, options),
        autocomplete: options.autocomplete ?? 'off',
        readonly: options.readonly ?? false,
        hint: hintOf(options),
        errors,
        errorText,
      });
    },

    textarea(name: string, options: Omit<TextOptions, 'type' | 'autocomplete'> = {}): string {
      return render('textarea', {
        name,
        label: labelOf(name, options.label),
        value: valueOf(name, options),
        hint: hintOf(options),
        errors,
        errorText,
      });
    },

    select(name: string, choices: readonly (SelectOption | SelectGroup)[], options: SelectOptions = {}): string {
      const blank = options.blank ? [{ value: '', text: t(options.blank) }] : [];
      return render('select', {
        name,
        label: labelOf(name, options.label),
        value: valueOf(name, options),
        hint: hintOf(options),
        options: [...blank, ...choices],
        errors,
        errorText,
      });
    },

    /** A select's options from values whose texts are keys: `f.options(priorities, 'priorities.%s')`. */
    options(list: readonly (string | number)[], pattern: string): SelectOption[] {
      return list.map((value) => ({ value, text: t(pattern.replace('%s', String(value))) }));
    },

    /** A single checkbox (value `1`), ticked when `checked` or when `values[name]` is `'1'`. */
    checkbox(name: string, options: CheckboxOptions = {}): string {
      return render('checkbox', {
        type: 'checkbox',
        name,
        value: options.value ?? '1',
        id: options.id ?? `field-${name}`,
        label: labelOf(name, options.label),
        hint: hintOf(options),
        checked: options.checked ?? values[name] === '1',
        row: 'checkbox',
        strong: false,
      });
    },

    /** A fieldset of checkboxes posting `name[]`, with its legend, hint and message. */
    checkboxes(name: string, choices: readonly Choice[], options: GroupOptions = {}): string {
      return group('checkbox', name, choices, options);
    },

    /** Section permission checkboxes (`sections.<key>.label`, with the section's hint under each). */
    sections(name: string, keys: readonly string[], options: GroupOptions = {}): string {
      return group('checkbox', name, keys, { labels: 'sections.%s.label', hints: 'sections.%s.hint', ...options });
    },

    /** A fieldset of radio buttons, the one matching the value chosen. */
    radios(name: string, choices: readonly Choice[], options: GroupOptions = {}): string {
      return group('radio', name, choices, options);
    },

    /** A lone radio button labelled for assistive technology only (a cell of a table of choices). */
    radio(name: string, value: string, options: RadioOptions): string {
      return render('radio', { name, value, ...options });
    },
  };
}
