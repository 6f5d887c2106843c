import { getDefaultRegistry } from '@rjsf/core';
import type { ErrorSchema, FieldProps, RJSFSchema } from '@rjsf/utils';
import { createContext, useContext } from 'react';
import type { Answers } from '../portalApi';
import type { PortalFormContext } from './texts';

const RjsfArrayField = getDefaultRegistry<Answers, RJSFSchema, PortalFormContext>().fields.ArrayField!;

const ArrayErrorSchema = createContext<ErrorSchema | undefined>(undefined);

/**
 * rjsf's own ArrayField, which hands its template the items but not the group's error schema
 * (rjsf 6.11 passes it for fixed arrays only): the template of a long group needs it to know
 * which rows, on which pages, are in error.
 */
export function ArrayField(props: FieldProps<Answers, RJSFSchema, PortalFormContext>) {
  return (
    <ArrayErrorSchema.Provider value={props.errorSchema}>
      <RjsfArrayField {...props} />
    </ArrayErrorSchema.Provider>
  );
}

/** The error schema of the repeating group whose template is drawn. */
export const useArrayErrorSchema = (): ErrorSchema | undefined => useContext(ArrayErrorSchema);
