#!/usr/bin/env node
// The `treeline` command: runs the compiled CLI (built into dist/ by `npm install`).
import '../dist/cli.js';
