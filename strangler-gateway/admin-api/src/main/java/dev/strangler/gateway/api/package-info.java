/**
 * The admin API's requests and answers, as the JSON on the wire: the gateway's handlers build them, the
 * playbook's {@code GatewayAdmin} reads them. Records of plain values, no behaviour. A foundation of the
 * gateway: uses nothing of it (nor of any other module of ours), and every gateway package may use it.
 */
package dev.strangler.gateway.api;
