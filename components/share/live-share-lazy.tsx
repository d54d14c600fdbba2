"use client";

import dynamic from "next/dynamic";

/**
 * LiveShare in a chunk of its own, loaded only when a share page renders a session still running:
 * a finished one is rendered on the server (ShareBody) and sends no panel or verdict code. Rendered
 * on the server all the same, so a running session's page reads without JavaScript too.
 */
export const LiveShareLazy = dynamic(() => import("./live-share").then((m) => m.LiveShare));
