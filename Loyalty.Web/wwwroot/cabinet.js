// The promoter cabinet's "copy link" button (a file, not an inline script: the content security policy allows only 'self').
document.addEventListener('click', async (event) => {
    const button = event.target.closest('[data-copy-target]');
    if (!button) {
        return;
    }

    const field = document.getElementById(button.dataset.copyTarget);
    if (!field) {
        return;
    }

    try {
        await navigator.clipboard.writeText(field.value);
    } catch {
        // No clipboard (an insecure page, an old browser): select the text so the person can copy it.
        field.select();
        document.execCommand('copy');
    }

    button.textContent = button.dataset.copied;
});
