/**
 * An SMS credit pool's "SMS credits" heading and balance, as its administrators (on /org) and
 * platform support (the organisation's screen) see it; the sections add what each may do with it.
 */
export function CreditBalance({ balance }: { balance: number }) {
  return (
    <>
      <h2 id="credits-heading" className="text-lg font-semibold">
        SMS credits
      </h2>
      <p>
        Balance: <strong data-testid="credit-balance">{balance.toLocaleString('en')}</strong> credits
      </p>
    </>
  );
}
