// Kubernetes resource quantities (500m, 2, 512Mi, 1Pi, 1e3): one grammar for the config
// schema, the deploy flags and the chat language.
import { InputError } from '../errors.js';

/** resource.Quantity: a decimal with an optional binary, decimal or exponent suffix. */
export const QUANTITY = /^[+]?([0-9]+(\.[0-9]*)?|\.[0-9]+)(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?[0-9]+)?$/;

export function isQuantity(value: string): boolean {
  return QUANTITY.test(value);
}

/** Two values that read well for the resource named (cpu, memory, storage). */
export function quantityExamples(what: string): string {
  return /cpu/i.test(what) ? '500m or 2' : '512Mi or 2Gi';
}

export function checkQuantity(flag: string, value: string | undefined): void {
  if (value === undefined) return;
  if (!isQuantity(value))
    throw new InputError(
      `${flag} "${value}" is not a Kubernetes quantity; use a value such as ${quantityExamples(flag)}`,
    );
}
