/** Accounts: sign-up, sign-in and out, the session and its organisation switcher. */
package com.nexacrm.account;
