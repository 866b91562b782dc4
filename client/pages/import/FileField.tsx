/** The file picker of the import pages: the formats the server reads, one file at a time. */
import { useId } from "react";
import { useTranslation } from "react-i18next";

export const IMPORTABLE_FILES = ".csv,.tsv,.txt,.xlsx,.json,.geojson,.zip";

export function FileField({ disabled, onFile }: { disabled: boolean; onFile: (file: File) => void }) {
  const { t } = useTranslation();
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{t("import.pickFile")}</label>
      <input
        id={id}
        type="file"
        accept={IMPORTABLE_FILES}
        disabled={disabled}
        onChange={(event) => {
          const file = event.target.files?.[0];
          if (file) onFile(file);
        }}
      />
    </div>
  );
}
