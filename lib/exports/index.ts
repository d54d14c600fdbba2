export { escalationNote } from "./markdown";
export { failingStep, shareTitle } from "./failing-step";
export { type ExportFormat, exportFilename, transcriptJson, transcriptText } from "./text";
