import Button from '@atlaskit/button/new';
import { useRef, type ChangeEvent } from 'react';

/**
 * A file picker as Jira draws one: a Button that opens the browser's picker, and the chosen
 * file's name beside it. The real `<input type="file">` stays in the page, visually hidden (not
 * `display: none`, so a `<label htmlFor>` click and scripted `setInputFiles` reach it) and out of
 * the tab order and the accessibility tree: keyboard and screen-reader users meet the Button.
 */
export function FileButton({
  id,
  accept,
  children,
  labelledBy,
  fileName,
  isDisabled = false,
  onFile,
}: {
  /** The hidden input's id, for a `<label htmlFor>` and for tests. */
  id: string;
  accept: string;
  /** The Button's text, e.g. "Choose file…". */
  children: string;
  /** The field's visible label, read before the Button's own text. */
  labelledBy?: string;
  /** The chosen file's name, or null before one is chosen. */
  fileName: string | null;
  isDisabled?: boolean;
  onFile: (file: File) => void;
}) {
  const input = useRef<HTMLInputElement>(null);
  const buttonId = `${id}-button`;
  const nameId = `${id}-name`;
  const change = (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.currentTarget.files?.[0];
    // Emptied, so choosing the same (edited) file again is a change too.
    event.currentTarget.value = '';
    if (file) onFile(file);
  };
  return (
    <div className="tr-file-button">
      <input
        ref={input}
        id={id}
        type="file"
        className="tr-visually-hidden"
        accept={accept}
        tabIndex={-1}
        aria-hidden="true"
        disabled={isDisabled}
        onChange={change}
      />
      <Button
        id={buttonId}
        aria-labelledby={labelledBy ? `${labelledBy} ${buttonId}` : undefined}
        aria-describedby={nameId}
        isDisabled={isDisabled}
        onClick={() => input.current?.click()}
      >
        {children}
      </Button>
      <span id={nameId} className="tr-file-name" data-testid={`${id}-name`}>
        {fileName ?? 'No file chosen'}
      </span>
    </div>
  );
}
