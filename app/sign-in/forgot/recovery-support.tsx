/** "Contact … support": the brand's own contact, as an e-mail link or its help page. */
export function RecoverySupport({ brandName, contact }: { brandName: string | null; contact: string | null }) {
  const supportName = brandName ? `${brandName} support` : 'the support of your e-mail provider';
  const isEmail = contact !== null && contact.includes('@') && !contact.startsWith('https://');
  return (
    <>
      Contact {supportName}
      {contact ? (
        <>
          {' '}
          at{' '}
          <a href={isEmail ? `mailto:${contact}` : contact} className="text-blue-700 underline" rel="noopener noreferrer">
            {contact}
          </a>
        </>
      ) : (
        ' through the help pages of your e-mail provider'
      )}
    </>
  );
}
