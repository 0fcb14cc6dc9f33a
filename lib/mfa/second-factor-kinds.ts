// The registry moved to the ground floor; this re-export keeps imports from other branches
// working until they are pointed at '@/lib/core/factor-kinds'.
export * from '@/lib/core/factor-kinds';
