/**
 * Lead-to-close under process control: starting an instance for every new lead and deal
 * (through a durable, paced queue), the CRM steps its workers call (routing, scoring,
 * conversion, stage automation, rotting notices, hand-off), stage changes as messages,
 * the routing and SLA settings, and bringing open records back under control after an
 * embedded engine restart.
 */
package com.nexacrm.sales;
