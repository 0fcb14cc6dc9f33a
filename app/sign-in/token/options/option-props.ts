import type { FactorPromptOption } from '@/lib/core/factor-kinds';

export type OptionProps = { option: FactorPromptOption; isSmsPassword: boolean };
