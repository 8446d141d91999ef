#!/usr/bin/env node
import { packageName } from './package-name';

console.log(packageName());
