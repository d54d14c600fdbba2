import { BasicCodeDetail } from "./basic-code-detail";
import type { CodeLookup } from "./code-lookup";
import { EnhancedCodeDetail } from "./enhanced-code-detail";

/** The page body for any code /codes/[code] accepts. */
export function CodeDetail({ lookup }: { lookup: CodeLookup }) {
  return lookup.kind === "basic" ? <BasicCodeDetail lookup={lookup} /> : <EnhancedCodeDetail lookup={lookup} />;
}
