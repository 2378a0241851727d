/** Organisation API keys: named, scoped, shown once, stored hashed, revocable. */
package com.nexacrm.apikey;
