/**
 * What the test page shows once a test has started, in one chunk loaded with import(): the page
 * before any run needs only the form (docs/performance.md, page weight).
 */
export { SessionPanels } from "@/components/panels/session-panels";
export { ShareBox } from "@/components/share/share-box";
export { RawView } from "@/components/transcript/raw-view";
export { OutcomeBanner } from "./outcome-banner";
export { StartError } from "./start-error";
