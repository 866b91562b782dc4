import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import type { CellValue } from "../../shared/dataset/index.ts";
import { readCsv } from "./csv.ts";
import { detectEncoding } from "./encoding.ts";
import { DATA, dataFile } from "./testing/data.ts";

const asObjects = (table: ReturnType<typeof readCsv>) =>
  table.rows.map((row) => Object.fromEntries(table.names.map((name, i) => [name, row[i] ?? ""])));

describe("csv-spectrum", () => {
  const spectrum = path.join(DATA, "csv-conformance/csv-spectrum");
  const cases = readdirSync(path.join(spectrum, "csvs")).map((f) => f.replace(/\.csv$/, ""));

  it.each(cases.filter((c) => c !== "location_coordinates"))("%s parses to its expected JSON", (name) => {
    const table = readCsv(readFileSync(path.join(spectrum, "csvs", `${name}.csv`)));
    const expected = JSON.parse(readFileSync(path.join(spectrum, "json", `${name}.json`), "utf8"));
    expect(asObjects(table)).toEqual(expected);
    expect(table.problems).toEqual([]);
  });

  it("location_coordinates: the corpus is inconsistent, the CSV's own values are read", () => {
    // Its JSON is one object, not a list, and names another phone number than the CSV
    // (1234567890 against 2095257564); the file itself already holds U+FFFD. We read the CSV.
    const table = readCsv(readFileSync(path.join(spectrum, "csvs/location_coordinates.csv")));
    const expected = JSON.parse(readFileSync(path.join(spectrum, "json/location_coordinates.json"), "utf8"));
    expect(Array.isArray(expected)).toBe(false);
    expect(asObjects(table)).toEqual([{ ...expected, "Contact Phone Number": "2095257564" }]);
  });

  it.each(["latin1", "newlines_cr", "null"])("extra case %s parses to its expected JSON", (name) => {
    const dir = path.join(spectrum, "extra-from-history");
    const table = readCsv(readFileSync(path.join(dir, "csvs", `${name}.csv`)));
    expect(asObjects(table)).toEqual(JSON.parse(readFileSync(path.join(dir, "json", `${name}.json`), "utf8")));
  });
});

describe("real files", () => {
  it("france-services-2022.csv: 2,683 rows of 23 columns, multi-line cells whole", () => {
    const table = readCsv(dataFile("places/france-services-2022.csv"));
    expect(table.rows).toHaveLength(2683);
    expect(table.names).toHaveLength(23);
    expect(table.names.slice(0, 3)).toEqual(["id_fs", "insee_dep", "lib_fs"]);
    expect(table.problems).toEqual([]);
    const multiLine = table.rows.filter((row) => row.some((v) => typeof v === "string" && v.includes("\n")));
    expect(multiLine).toHaveLength(21);
    // Lines count the line breaks inside quoted cells: each row starts after the previous one ends.
    const text = dataFile("places/france-services-2022.csv").toString("utf8");
    const last = table.lines.at(-1) as number;
    expect(text.split("\n")[last - 1]?.startsWith(`"${table.rows.at(-1)?.[0]}"`)).toBe(true);
  });

  it("bfc-ternum: CRLF, accents and spaces in the header", () => {
    const table = readCsv(dataFile("places/bfc-ternum/csv/bfc-ternum-dataset.csv"));
    expect(table.rows).toHaveLength(697);
    expect(table.names).toHaveLength(29);
    expect(table.names).toContain("lundi après-midi");
  });

  it("a UTF-8 BOM is not part of the first name", () => {
    const table = readCsv(dataFile("csv-conformance/papaparse-tests/tests/utf-8-bom-sample.csv"));
    expect(table.encoding).toBe("utf-8");
    expect(table.names[0]).not.toMatch(/^\uFEFF/);
  });
});

describe("encodings and delimiters", () => {
  it("Windows-1252 with €, curly quotes and Œ, semicolons and decimal commas", () => {
    const text = "nom;prix;remarque\r\nCafé de l’Œuf;1,50;« bon » – 5 €\r\nThé;2,00;“très” bon\r\n";
    const table = readCsv(iconv.encode(text, "windows-1252"));
    expect(table.encoding).toBe("windows-1252");
    expect(table.delimiter).toBe(";");
    expect(table.rows).toEqual([
      ["Café de l’Œuf", "1,50", "« bon » – 5 €"],
      ["Thé", "2,00", "“très” bon"],
    ]);
  });

  it("UTF-8 with a BOM, tabs; UTF-16LE with a BOM; pipes", () => {
    expect(readCsv(Buffer.from("\uFEFFa\tb\n1\t2\n")).rows).toEqual([["1", "2"]]);
    const utf16 = readCsv(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("a;b\né;ü\n", "utf16le")]));
    expect([utf16.encoding, utf16.rows]).toEqual(["utf-16le", [["é", "ü"]]]);
    expect(readCsv(Buffer.from("a|b|c\n1|2|3\n4|5|6\n")).names).toEqual(["a", "b", "c"]);
  });

  it("strict UTF-8 first: a UTF-8 file is never guessed as something else", () => {
    expect(detectEncoding(Buffer.from("Numéro;Libellé\n1;Crèche\n")).encoding).toBe("utf-8");
    expect(detectEncoding(iconv.encode("Numéro;Libellé\n1;Crèche\n", "latin1")).encoding).toBe("windows-1252");
  });

  it("the encoding and delimiter can be chosen instead of detected", () => {
    const bytes = Buffer.from("a,b;c\n1,2;3\n");
    expect(readCsv(bytes, { delimiter: ";" }).names).toEqual(["a,b", "c"]);
    expect(readCsv(Buffer.from("caf\u00e9\n"), { encoding: "windows-1252" }).names).toEqual(["cafÃ©"]);
  });
});

describe("rows and header", () => {
  it("ragged rows are reported with their line, never silently padded or cut", () => {
    const table = readCsv(Buffer.from('a,b,c\n1,2,3\n"multi\nline",5\n6,7,8,9\n10,11,12,,\n'));
    expect(table.problems.map((p) => [p.code, p.line])).toEqual([
      ["ragged-row", 3],
      ["ragged-row", 5],
      ["renamed-column", 1],
    ]);
    // With what a client needs to say them in its own language.
    expect(table.problems.map((p) => p.params)).toEqual([
      { line: 3, fields: 2, expected: 3 },
      { line: 5, fields: 4, expected: 3 },
      { column: 4, from: "", to: "Column 4" },
    ]);
    // The extra value of line 5 is kept in a fourth column; trailing empty fields hold nothing.
    expect(table.names).toEqual(["a", "b", "c", "Column 4"]);
    expect(table.rows).toEqual([
      ["1", "2", "3", null],
      ["multi\nline", "5", null, null],
      ["6", "7", "8", "9"],
      ["10", "11", "12", null],
    ]);
    expect(table.lines).toEqual([2, 3, 5, 6]);
  });

  it("lines are the same whether the file holds NULLs (read row by row) or not", () => {
    const text = 'a,b\n1,"multi\nline"\n\n2,x\n3,"CR\r\nLF"\n4,y\n';
    const plain = readCsv(Buffer.from(text));
    const withNull = readCsv(Buffer.from(text.replace("2,x", "2,NULL")));
    expect(plain.lines).toEqual([2, 5, 6, 8]);
    expect(withNull.lines).toEqual(plain.lines);
    expect(withNull.rows[1]).toEqual(["2", null]);
  });

  it("a title line above the header is skipped and said; blank and repeated names are named", () => {
    const table = readCsv(Buffer.from("Liste des lieux,,\nnom,,nom\nA,1,2\n"));
    expect(table.headerRow).toBe(1);
    expect(table.names).toEqual(["nom", "Column 2", "nom (2)"]);
    expect(table.problems.map((p) => p.code)).toEqual(["skipped-rows", "renamed-column", "renamed-column"]);
  });

  it("a first row of numbers is data: no header", () => {
    const table = readCsv(Buffer.from("1,2\n3,4\n"));
    expect([table.headerRow, table.names, table.rows.length]).toEqual([null, ["Column 1", "Column 2"], 2]);
  });

  it("an unclosed quote is reported with its line", () => {
    const table = readCsv(Buffer.from('a,b\n1,2\n3,"open\n'));
    expect(table.problems.some((p) => p.code === "bad-quotes" && p.line === 3)).toBe(true);
  });
});

describe("a large file, read in pieces of a megabyte", () => {
  // Rows with quoted line breaks, delimiters and quotes, CRLF line ends, characters of one to four
  // UTF-8 bytes (some cut between two pieces), empty lines and a neutralised formula: the rows and
  // lines read must be those written, wherever the pieces end.
  const values = [
    "Cœur de ville",
    "À la gare; d'Ablon",
    'le "grand" pré',
    "deux\r\nlignes",
    "prix 3 €",
    "🏠 maison",
    "'=1+1",
  ];
  const written = (i: number) => [String(i), values[i % values.length] as string, `n°${i}`];
  const quote = (v: string) => (/[;"\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  function generate(count: number) {
    const parts = ["id;texte;numéro\r\n"];
    const lines: number[] = [];
    let line = 2;
    for (let i = 0; i < count; i++) {
      if (i % 1000 === 999) {
        parts.push("\r\n");
        line++;
      }
      const row = written(i);
      lines.push(line);
      line += 1 + row.filter((v) => v.includes("\n")).length;
      parts.push(`${row.map(quote).join(";")}\r\n`);
    }
    return { bytes: Buffer.from(parts.join("")), lines };
  }

  it("reads the rows and lines as written, wherever the pieces end", () => {
    const { bytes, lines } = generate(120_000);
    expect(bytes.length).toBeGreaterThan(3 * 1024 * 1024);
    const table = readCsv(bytes);
    expect(table.names).toEqual(["id", "texte", "numéro"]);
    expect(table.problems).toEqual([]);
    expect(table.rows.length).toBe(120_000);
    const expected = Array.from({ length: 120_000 }, (_, i) => written(i).map((v) => (v === "'=1+1" ? "=1+1" : v)));
    expect(table.rows).toEqual(expected);
    expect(table.lines).toEqual(lines);
  });

  it("an unquoted NULL cut between two pieces is still an empty value", () => {
    const header = "a,b\n";
    const filler = "x,y\n".repeat((1024 * 1024 - header.length - 4) / 4);
    // "1,NU" ends the first megabyte, "LL\n" starts the second.
    const text = `${header}${filler}${"z".repeat((1024 * 1024 - header.length - filler.length - 4) % 4)}1,NULL\n2,"NULL"\n`;
    expect(Buffer.byteLength(text.slice(0, text.indexOf("NULL") + 2))).toBe(1024 * 1024);
    const table = readCsv(Buffer.from(text));
    expect(table.rows.slice(-2)).toEqual([
      ["1", null],
      ["2", "NULL"],
    ]);
  });

  it("NULLs without a quoted one are read piece by piece as the row-by-row reading reads them", () => {
    const header = "a,b\n";
    const filler = "x,NULL\n".repeat(200_000);
    const tail = 'NULL,"multi\nline"\n"x,NULL",NULL\n';
    const bytes = Buffer.from(`${header}${filler}${tail}`);
    expect(bytes.length).toBeGreaterThan(1024 * 1024);
    // The same text with one quoted "NULL" more is read row by row.
    const rowByRow = readCsv(Buffer.concat([bytes, Buffer.from('y,"NULL"\n')]));
    const table = readCsv(bytes);
    expect(table.rows).toEqual(rowByRow.rows.slice(0, -1));
    expect(table.lines).toEqual(rowByRow.lines.slice(0, -1));
    expect(table.rows.slice(-2)).toEqual([
      [null, "multi\nline"],
      ["x,NULL", null],
    ]);
    expect(table.lines.slice(-2)).toEqual([200_002, 200_004]);
    expect(rowByRow.rows.at(-1)).toEqual(["y", "NULL"]);
  });

  it("a quote left open early is said with its line, and the rest of the file is not read again and again", () => {
    const text = `a,b\n1,2\n3,"open\n${"4,5\n".repeat(2_000_000)}`;
    expect(() => readCsv(Buffer.from(text))).toThrow(/^Line 3, column 2: a cell of 8000005 characters/);
  });
});

describe("rows read one by one (eachRow), for a job that holds no whole table", () => {
  /** The rows a whole read gives, and those eachRow gives squared up the same way. */
  function bothReadings(bytes: Buffer, options: Parameters<typeof readCsv>[1] = {}) {
    const whole = readCsv(bytes, options);
    const rows: CellValue[][] = [];
    const lines: number[] = [];
    const streamed = readCsv(bytes, {
      ...options,
      eachRow: (fields, line) => {
        rows.push(fields);
        lines.push(line);
      },
    });
    const width = streamed.names.length;
    const squared = rows.map((row) =>
      Array.from({ length: width }, (_, i) => (row[i] === "" ? null : (row[i] ?? null))),
    );
    return { whole, streamed, rows: squared, lines };
  }

  it.each([
    ["a title line above the header", "Liste des lieux,,\nnom,,nom\nA,1,2\n", {}],
    ["no header", "1,2\n3,4\n", {}],
    ["a header row chosen", "x,y\na,b\n1,2\n", { headerRow: 1 }],
    ["no header chosen", "a,b\n1,2\n", { headerRow: null }],
    ["short and long rows", "a,b\n1\n2,3,4,,\n\n5,6\n", {}],
    ["multi-line cells and NULLs", 'a,b\n1,"multi\nline"\nNULL,2\n', {}],
  ] as const)("%s: the same names, values and lines as read whole", (_, text, options) => {
    const { whole, streamed, rows, lines } = bothReadings(Buffer.from(text), options);
    expect(streamed.names).toEqual(whole.names);
    expect(streamed.headerRow).toEqual(whole.headerRow);
    expect(streamed.rows).toEqual([]);
    expect(rows).toEqual(whole.rows);
    expect(lines).toEqual(whole.lines);
  });

  it("france-services-2022.csv: the same, over its 2,683 rows", () => {
    const { whole, streamed, rows, lines } = bothReadings(dataFile("places/france-services-2022.csv"));
    expect(streamed.names).toEqual(whole.names);
    expect(rows).toEqual(whole.rows);
    expect(lines).toEqual(whole.lines);
  });

  it.each([
    ["only empty fields", "\n\n,\n", {}],
    ["a header row beyond the file", "a\n1\n", { headerRow: 5 }],
  ] as const)("%s: refused as when read whole", (_, text, options) => {
    const refusal = (read: () => unknown) => {
      try {
        read();
      } catch (error) {
        return error;
      }
      return null;
    };
    const whole = refusal(() => readCsv(Buffer.from(text), options));
    expect(whole).toBeInstanceOf(Error);
    expect(refusal(() => readCsv(Buffer.from(text), { ...options, eachRow: () => {} }))).toEqual(whole);
  });
});

describe("refused", () => {
  it.each([
    ["empty", Buffer.alloc(0), "empty-file"],
    ["blank", Buffer.from(" \n\n"), "empty-file"],
    ["binary", Buffer.from([0x00, 0x01, 0x02, 0xff, 0x10, 0x00, 0x41]), "not-text"],
  ])("%s", (_, bytes, code) => {
    expect(() => readCsv(bytes)).toThrow(expect.objectContaining({ code }));
  });
});
