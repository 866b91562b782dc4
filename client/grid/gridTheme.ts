/** The grid's look: AG Grid's Quartz theme in the page's font and accent colour. */
import { themeQuartz } from "ag-grid-community";

export const gridTheme = themeQuartz.withParams({
  fontFamily: "inherit",
  fontSize: 14,
  headerFontWeight: 600,
  accentColor: "#1f5f8b",
  rowHeight: 36,
  headerHeight: 40,
});
