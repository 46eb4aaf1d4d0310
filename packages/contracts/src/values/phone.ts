import { z } from 'zod';

/** A mainland mobile number: 11 digits starting with 1. */
export const MobilePhone = z
  .string()
  .trim()
  .regex(/^1[3-9]\d{9}$/, 'must be an 11-digit mainland mobile number')
  .describe('Mainland mobile number');

/** 138****1234: keeps the carrier prefix and the last four digits. */
export function maskPhone(phone: string): string {
  if (phone.length < 7) return '*'.repeat(phone.length);
  return `${phone.slice(0, 3)}${'*'.repeat(phone.length - 7)}${phone.slice(-4)}`;
}

export const MaskedPhone = z
  .string()
  .regex(/^\d{3}\*+\d{4}$/)
  .describe('Masked phone number, e.g. 138****1234');
